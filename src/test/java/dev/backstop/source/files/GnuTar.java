package dev.backstop.source.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs the real GNU tar on an archive, as a restoring administrator would. */
final class GnuTar {

    private GnuTar() {
    }

    /** {@code tar -tvf}: one line per entry, names quoted the way GNU tar quotes them. */
    static String list(Path archive) throws IOException, InterruptedException {
        return run(List.of("tar", "--numeric-owner", "-tvf", archive.toString()));
    }

    /** {@code tar -tvf} with owner and group names as the archive stores them. */
    static String listWithNames(Path archive) throws IOException, InterruptedException {
        return run(List.of("tar", "-tvf", archive.toString()));
    }

    /** {@code tar -xf archive -C dir}, run as root, so owners and modes are restored too. */
    static void extract(Path archive, Path dir) throws IOException, InterruptedException {
        run(List.of("tar", "-xf", archive.toString(), "-C", dir.toString()));
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C.UTF-8");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s exit code; output:%n%s", command, output).isZero();
        return output;
    }
}
