package dev.backstop.target.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code checksum: auto} remembers, and when it probes again. */
class ChecksumChoiceTest {

    @TempDir
    Path stateDir;

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private S3Config config(String endpoint, S3Checksum checksum) {
        S3Config c = TestS3.config("objects", endpoint, "bucket", "p");
        return new S3Config(c.name(), c.endpoint(), c.region(), c.bucket(), c.prefix(), c.pathStyle(), c.accessKeyEnv(),
                c.secretKeyEnv(), null, null, null, null, c.connectTimeout(), c.ioTimeout(), c.retries(),
                c.retryDelay(), c.retryBudget(), checksum, c.retention());
    }

    private ChecksumChoice choice(S3Config config, Instant at) {
        return new ChecksumChoice(config, stateDir, Clock.fixed(at, ZoneOffset.UTC));
    }

    private void findMd5(S3Config config) throws Exception {
        ChecksumChoice first = choice(config, NOW);
        assertThat(first.needsProbe()).isTrue();
        assertThat(first.current()).as("tried first").isEqualTo(S3Checksum.SHA256);
        first.fallBack();
        first.found();
    }

    @Test
    void auto_findingIsRememberedForAWeek() throws Exception {
        S3Config config = config("http://127.0.0.1:9000", S3Checksum.AUTO);
        findMd5(config);

        ChecksumChoice sixDaysLater = choice(config, NOW.plus(Duration.ofDays(6)));
        assertThat(sixDaysLater.needsProbe()).isFalse();
        assertThat(sixDaysLater.current()).isEqualTo(S3Checksum.MD5);
        assertThat(choice(config, NOW.plus(Duration.ofDays(8))).needsProbe()).as("a week later").isTrue();
    }

    @Test
    void auto_anotherServiceOrADamagedFile_probesAgain() throws Exception {
        findMd5(config("http://127.0.0.1:9000", S3Checksum.AUTO));

        assertThat(choice(config("http://127.0.0.1:9001", S3Checksum.AUTO), NOW).needsProbe()).isTrue();
        Files.writeString(stateDir.resolve("s3/objects.checksum"), "garbage");
        assertThat(choice(config("http://127.0.0.1:9000", S3Checksum.AUTO), NOW).needsProbe()).isTrue();
    }

    @Test
    void configuredChecksum_isUsedAsIsAndNeverProbed() throws Exception {
        findMd5(config("http://127.0.0.1:9000", S3Checksum.AUTO));

        ChecksumChoice sha = choice(config("http://127.0.0.1:9000", S3Checksum.SHA256), NOW);
        assertThat(sha.needsProbe()).isFalse();
        assertThat(sha.current()).isEqualTo(S3Checksum.SHA256);
    }
}
