package dev.backstop.target.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.Findings;
import dev.backstop.core.TargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code config check} finds in an s3 target without reaching the service: keys it cannot have. */
class S3KindTest {

    @TempDir
    Path dir;

    @Test
    void check_credentialsFileMode0644_errorIsThePreflightsMessage() throws Exception {
        Path file = Files.writeString(dir.resolve("s3.credentials"), "aws_access_key_id = A\naws_secret_access_key = S\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        S3Config c = TestS3.config("objects", "http://127.0.0.1:1", "b", "");
        S3Config config = new S3Config(c.name(), c.endpoint(), c.region(), c.bucket(), c.prefix(), c.pathStyle(), null,
                null, file, null, null, null, c.connectTimeout(), c.ioTimeout(), c.retries(), c.retryDelay(),
                c.retryBudget(), c.checksum(), c.retention());

        Findings findings = new Findings();
        new S3Kind().check(config, findings);

        assertThat(findings.errors()).singleElement().asString()
                .startsWith("target 'objects' (s3) s3://b at http://127.0.0.1:1: target objects: credentials_file "
                        + file + " has mode 0644");
        try (S3Target target = new S3Target(config, null)) {
            assertThatThrownBy(() -> target.preflight(1)).isInstanceOf(TargetException.class)
                    .hasMessage(findings.errors().get(0));
        }
    }
}
