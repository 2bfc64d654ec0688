package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code backstop verify} while a run commits or a prune removes: a verify stopped (SIGSTOP) right
 * after it listed the target, and continued (SIGCONT) once the other command has finished, judges
 * the target as it was when listed, and reports nothing that is not wrong.
 */
class VerifyConcurrencyIT extends WithBackupFixture {

    private Path logs;

    @BeforeEach
    void biggerData() throws Exception {
        // enough to re-hash that the verify is still checking when it is stopped (it runs interpreted)
        byte[] random = new byte[8 << 20];
        new Random(15).nextBytes(random);
        Files.write(dir.resolve("www/public/uploads/video.bin"), random);
        logs = Files.createDirectories(dir.resolve("logs"));
    }

    @Test
    void verify_runCommitsAfterTheListing_isNotAMissingBackup() throws Exception {
        // given a backup, and a verify stopped once it has listed the target
        fixture.backup();
        Process verify = verifyStoppedAfterListing();

        // when a run commits a second backup meanwhile, then the verify goes on
        Path second = fixture.backup();
        BackstopProcess.Result result = resume(verify);

        // then it judged the one set it listed; the new one is the next verify's
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.all()).doesNotContain("CRITICAL").doesNotContain(second.getFileName().toString());
        assertThat(result.out()).contains("verify OK: 1 backup set(s) on local");
        assertThat(fixture.backstop("verify").out()).contains("verify OK: 2 backup set(s) on local");
    }

    @Test
    void verify_pruneRemovesAListedSetBeforeItIsChecked_isNotAMissingBackup() throws Exception {
        // given two backups, retention that keeps the newest only, and a verify stopped once it has listed both
        Path first = fixture.backup();
        fixture.backup();
        Files.writeString(fixture.config, Files.readString(fixture.config)
                .replace("    type: local\n", "    type: local\n    retention: {keep_last: 1}\n"));
        Process verify = verifyStoppedAfterListing();

        // when a prune removes the older one meanwhile, then the verify goes on
        BackstopProcess.Result prune = fixture.backstop("prune");
        assertThat(prune.exitCode()).as(prune.all()).isZero();
        assertThat(first).doesNotExist();
        BackstopProcess.Result result = resume(verify);

        // then the set that retention removed is neither damaged nor lost
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.all()).doesNotContain("CRITICAL").doesNotContain("ERROR")
                .doesNotContain("WARNING local " + first.getFileName());
        assertThat(result.out()).contains("verify OK: 2 backup set(s) on local");
    }

    /** Starts {@code verify --read-data} and stops it as soon as it says that it listed the target. */
    private Process verifyStoppedAfterListing() throws Exception {
        // interpreted: re-hashing takes seconds, so the stop lands before the sets are checked
        Process verify = BackstopProcess.start(logs, Map.of("JAVA_TOOL_OPTIONS", "-Xint"), List.of(), "verify",
                "--read-data", "--config", fixture.config.toString());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!err().contains("verify: target local lists ")) {
            assertThat(verify.isAlive()).as("verify ended before it listed the target:\n%s", err()).isTrue();
            assertThat(System.nanoTime()).as("verify did not list the target within a minute").isLessThan(deadline);
            Thread.sleep(1);
        }
        Shell.ok("kill -STOP " + verify.pid());
        assertThat(err()).as("stopped before it checked the sets").doesNotContain("backup set(s) checked");
        return verify;
    }

    private BackstopProcess.Result resume(Process verify) throws Exception {
        Shell.ok("kill -CONT " + verify.pid());
        if (!verify.waitFor(2, TimeUnit.MINUTES)) {
            verify.destroyForcibly();
            throw new AssertionError("verify did not finish within two minutes after it was continued");
        }
        return new BackstopProcess.Result(verify.exitValue(), read("out-"), err());
    }

    private String err() throws Exception {
        return read("err-");
    }

    private String read(String prefix) throws Exception {
        try (Stream<Path> files = Files.list(logs)) {
            Path file = files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
            return Files.readString(file, StandardCharsets.UTF_8);
        }
    }
}
