package dev.backstop.target.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.commit.BackupSetCommitter;
import dev.backstop.commit.BackupSetLayout;
import dev.backstop.commit.BackupSets;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.BackupId;
import dev.backstop.core.TargetException;
import dev.backstop.target.TestSets.SpooledSet;
import dev.backstop.target.TestSets;
import dev.backstop.target.TestStreams;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local target on a full file system: a 2 MiB tmpfs mounted by the test (root only).
 */
@RequiresService(Services.Tmpfs.class)
class LocalTargetFullDiskTest {

    @TempDir
    Path base;

    Path mountPoint;
    boolean mounted;
    LocalTarget target;

    @BeforeEach
    void mountSmallTmpfs() throws Exception {
        mountPoint = Files.createDirectories(base.resolve("small"));
        String result = run("mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", mountPoint.toString());
        mounted = result.isEmpty();
        assertThat(mounted).as("mount a 2 MiB tmpfs: %s", result).isTrue();
        target = new LocalTarget(new LocalConfig("small", mountPoint.resolve("backups"), (RetentionPolicy) null));
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            String result = run("umount", mountPoint.toString());
            assertThat(result).as("umount %s", mountPoint).isEmpty();
        }
    }

    @Test
    void commit_componentLargerThanTheDisk_failsWithNoSpaceAndLeavesNothing() throws Exception {
        target.preflight(0);
        SpooledSet set = TestSets.spooled(base.resolve("spool"), TestSets.ID,
                Map.of("application.tar.gz", TestStreams.randomBytes(5 * 1024 * 1024, 7)));

        assertThatThrownBy(() -> new BackupSetCommitter().commit(target, TestSets.HOST, set.manifest(), set.files()))
                .isInstanceOf(TargetException.class)
                .hasMessageContaining("application.tar.gz")
                .hasMessageContainingAll("No space left on device");

        assertThat(target.stat(set.finalDir())).isEmpty();
        assertThat(target.stat(set.partialDir())).isEmpty();
        assertThat(target.list(BackupSetLayout.partialRoot(TestSets.HOST))).isEmpty();
        assertThat(BackupSets.list(target, TestSets.HOST)).isEmpty();
        assertThat(target.preflight(0)).as("the space is free again").isGreaterThan(1_900_000);
    }

    @Test
    void preflight_moreThanTheDiskHolds_failsNamingBothSizes() {
        long needed = 5L * 1024 * 1024;

        assertThatThrownBy(() -> target.preflight(needed)).isInstanceOf(TargetException.class)
                .hasMessageContaining("not enough free space")
                .hasMessageContaining("2.0 MiB")
                .hasMessageContaining("5.0 MiB");
    }

    @Test
    void sweepPartials_afterAKilledRunOnAFullDisk_freesTheSpace() throws Exception {
        target.preflight(0);
        String leftover = BackupSetLayout.partialDir(TestSets.HOST, BackupId.parse("20251104T110001Z"));
        target.makeDirectories(leftover);
        try {
            target.write(leftover + "/application.tar.gz",
                    new java.io.ByteArrayInputStream(TestStreams.randomBytes(3 * 1024 * 1024, 8)));
        } catch (IOException expected) {
            // the disk filled up, as it did for the run that was killed
        }

        List<String> removed = new BackupSetCommitter().sweepPartials(target, TestSets.HOST);

        assertThat(removed).containsExactly(leftover);
        assertThat(target.preflight(1_900_000)).isGreaterThan(1_900_000);
    }

    /** Runs a command; returns "" on success, else its exit code and output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? "" : "exit " + p.exitValue() + ": " + output;
    }
}
