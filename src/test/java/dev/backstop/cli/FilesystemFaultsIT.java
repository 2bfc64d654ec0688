package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.RunOutcome;
import dev.backstop.history.HistoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full target disk and an unreadable file, each with the real process and real permissions. */
class FilesystemFaultsIT {

    @TempDir
    Path dir;

    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            Shell.run("umount '" + mounted + "'");
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void requireRoot(String why) {
        if (!root() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("this test needs root (CI runs as root): " + why);
        }
        Assumptions.assumeTrue(root(), "needs root: " + why);
    }

    @Test
    void run_targetFilesystemFills_exitsSixWithNothingCommittedAndNoPartialLeft() throws Exception {
        requireRoot("it mounts a small tmpfs as a full disk");
        Path target = Files.createDirectory(dir.resolve("small-disk"));
        Shell.ok("mount -t tmpfs -o size=24m tmpfs '" + target + "'");
        mounted = target;
        Files.createDirectories(dir.resolve("data"));
        Shell.ok("head -c 40000000 /dev/urandom > '" + dir.resolve("data/big.bin") + "'");
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: it-host
                state_dir: %s
                compression: zstd
                sources:
                  - name: data
                    type: files
                    paths: [data]
                targets:
                  - name: small
                    type: local
                    path: %s
                """.formatted(dir.resolve("state"), target));

        BackstopProcess.Result run = BackstopProcess.run("run", "--config", config.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(6);
        assertThat(run.all()).containsIgnoringCase("no space");
        try (Stream<Path> s = Files.walk(target)) {
            assertThat(s.filter(Files::isRegularFile).toList()).as("nothing left on the full disk").isEmpty();
        }
        try (HistoryStore history = HistoryStore.open(dir.resolve("state/history.db"))) {
            assertThat(history.recentRuns(1).get(0).outcome()).isEqualTo(RunOutcome.FAILED);
        }
    }

    @Test
    void run_unreadableFileAsAnotherUser_exitsFiveNamingTheFile() throws Exception {
        requireRoot("it runs backstop as the user nobody");
        // a world-readable copy of the jar and a tree that nobody may enter, except one secret file
        Path shared = Files.createTempDirectory(Path.of("/tmp"), "backstop-it-");
        try {
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path jar = Files.copy(BackstopProcess.jar(), shared.resolve("backstop.jar"));
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
            Path data = Files.createDirectories(shared.resolve("data"));
            Files.writeString(data.resolve("readable.txt"), "fine\n");
            Path secret = data.resolve("secret.key");
            Files.writeString(secret, "root only\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            Path work = Files.createDirectories(shared.resolve("work"));
            Path config = work.resolve("backstop.yml");
            Files.writeString(config, """
                    host: it-host
                    state_dir: state
                    sources:
                      - name: data
                        type: files
                        paths: [%s]
                    targets:
                      - name: local
                        type: local
                        path: backups
                    """.formatted(data));
            Shell.ok("chmod -R a+rX '" + data + "' && chmod 600 '" + secret + "' && chown -R nobody '" + work + "'");
            List<String> asNobody = List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups");

            BackstopProcess.Result run = BackstopProcess.run(jar, Map.of(), asNobody, "run", "--config", config.toString());

            assertThat(run.exitCode()).as(run.all()).isEqualTo(5);
            assertThat(run.err()).contains(secret.toString());
            assertThat(Files.exists(work.resolve("backups"))
                    ? Files.walk(work.resolve("backups")).filter(p -> p.endsWith("MANIFEST.json")).count() : 0).isZero();
        } finally {
            Shell.run("rm -rf '" + shared + "'");
        }
    }

    @Test
    void restoreTest_readOnlyDirectoryAsAnotherUser_passesAndLeavesNoScratch() throws Exception {
        requireRoot("it runs backstop as the user nobody, for whom permissions count");
        // a tree with a directory nobody may not write to, backed up and test-restored by nobody
        Path shared = Files.createTempDirectory(Path.of("/tmp"), "backstop-it-");
        try {
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path jar = Files.copy(BackstopProcess.jar(), shared.resolve("backstop.jar"));
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
            Path readOnly = Files.createDirectories(shared.resolve("data/read-only"));
            Files.writeString(readOnly.resolve("kept.txt"), "kept\n");
            Path work = Files.createDirectories(shared.resolve("work"));
            Path config = work.resolve("backstop.yml");
            Files.writeString(config, """
                    host: it-host
                    state_dir: state
                    sources:
                      - name: data
                        type: files
                        paths: [%s]
                    targets:
                      - name: local
                        type: local
                        path: backups
                    """.formatted(shared.resolve("data")));
            Shell.ok("chmod -R a+rX '" + shared.resolve("data") + "' && chmod 555 '" + readOnly + "' && chown -R nobody '"
                    + work + "'");
            List<String> asNobody = List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups");
            BackstopProcess.Result run = BackstopProcess.run(jar, Map.of(), asNobody, "run", "--config", config.toString());
            assertThat(run.exitCode()).as(run.all()).isZero();

            // when the extracted copy holds the read-only directory again
            BackstopProcess.Result test = BackstopProcess.run(jar, Map.of(), asNobody, "restore-test", "--config",
                    config.toString());

            // then the test passes and its scratch copy is gone, read-only directory and all
            assertThat(test.exitCode()).as(test.all()).isZero();
            Path scratch = work.resolve("state/restore-test");
            try (Stream<Path> s = Files.exists(scratch) ? Files.list(scratch) : Stream.empty()) {
                assertThat(s.toList()).as("scratch left in " + scratch).isEmpty();
            }
        } finally {
            Shell.run("chmod -R u+w '" + shared + "'; rm -rf '" + shared + "'");
        }
    }
}
