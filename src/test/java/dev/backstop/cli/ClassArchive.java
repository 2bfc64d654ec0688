package dev.backstop.cli;

import dev.backstop.core.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A class-data archive (AppCDS) of the packaged jar, made once per test JVM by one small backup:
 * the end-to-end tests launch the jar hundreds of times, and each launch then maps the classes
 * instead of reading and verifying them again (about a third of a short run's CPU time). Made in
 * a temporary directory that every user can read, as some tests run the jar as another user;
 * without it (it could not be made) the launches only take longer.
 */
final class ClassArchive {

    private static Path madeFor;
    private static Optional<Path> archive = Optional.empty();

    private ClassArchive() {
    }

    /** The archive for {@code jar}, made on the first call. */
    static synchronized Optional<Path> of(Path jar) {
        if (!jar.equals(madeFor)) {
            madeFor = jar;
            archive = make(jar);
        }
        return archive;
    }

    private static Optional<Path> make(Path jar) {
        try {
            Path dir = Files.createTempDirectory("backstop-cds");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    FileTrees.delete(dir);
                } catch (IOException e) {
                    // a temporary directory: the system's clean-up takes it
                }
            }));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path data = Files.createDirectories(dir.resolve("data"));
            Files.writeString(data.resolve("file.txt"), "what a backup reads\n");
            Path config = dir.resolve("backstop.yml");
            Files.writeString(config, """
                    host: cds
                    state_dir: %s
                    sources:
                      - name: data
                        type: files
                        paths: [%s]
                    targets:
                      - name: local
                        type: local
                        path: %s
                    """.formatted(dir.resolve("state"), data, dir.resolve("backups")));
            Path file = dir.resolve("backstop.jsa");
            List<String> cmd = new ArrayList<>(BackstopProcess.java());
            cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + file, "-Dfile.encoding=UTF-8", "-jar", jar.toString(),
                    "run", "--config", config.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("out.txt").toFile()).start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
