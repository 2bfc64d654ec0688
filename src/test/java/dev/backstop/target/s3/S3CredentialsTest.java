package dev.backstop.target.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.PreflightException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3CredentialsTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @TempDir
    Path dir;

    private static S3Config config(Path file) {
        S3Config c = TestS3.config("objects", "http://127.0.0.1:1", "b", "");
        return new S3Config(c.name(), c.endpoint(), c.region(), c.bucket(), c.prefix(), c.pathStyle(),
                file == null ? c.accessKeyEnv() : null, file == null ? c.secretKeyEnv() : null, file, null, null, null,
                c.connectTimeout(), c.ioTimeout(), c.retries(), c.retryDelay(), c.retryBudget(), c.checksum(), c.retention());
    }

    private Path file(String text, String mode) throws Exception {
        Path f = dir.resolve("s3.credentials");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void resolve_environment_readsBothVariables() throws Exception {
        S3Credentials keys = S3Credentials.resolve(config(null), TestS3.env(SECRET));

        assertThat(keys.accessKey()).isEqualTo(TestS3.ACCESS_KEY);
        assertThat(keys.secretKey()).isEqualTo(SECRET);
        assertThat(keys.toString()).doesNotContain(SECRET).doesNotContain(TestS3.ACCESS_KEY);
    }

    @Test
    void resolve_secretVariableMissing_namesTheVariable() {
        assertThatThrownBy(() -> S3Credentials.resolve(config(null), Map.of(TestS3.ACCESS_ENV, "a")::get))
                .isInstanceOf(PreflightException.class).hasMessageContaining("target objects: secret_key_env")
                .hasMessageContaining(TestS3.SECRET_ENV + " is not set");
    }

    @Test
    void resolve_privateAwsStyleFile_readsBothKeys() throws Exception {
        Path f = file("""
                # keys of the backup user
                [default]
                aws_access_key_id = AKIAEXAMPLE
                aws_secret_access_key=%s
                """.formatted(SECRET), "rw-------");

        S3Credentials keys = S3Credentials.resolve(config(f), name -> null);

        assertThat(keys).isEqualTo(new S3Credentials("AKIAEXAMPLE", SECRET));
    }

    @Test
    void resolve_fileOthersCanRead_isRefusedWithTheFix() throws Exception {
        Path f = file("aws_access_key_id = A\naws_secret_access_key = " + SECRET + "\n", "rw-r--r--");

        assertThatThrownBy(() -> S3Credentials.resolve(config(f), name -> null)).isInstanceOf(PreflightException.class)
                .hasMessageContaining("credentials_file").hasMessageContaining("0644")
                .hasMessageContaining("chmod 600 " + f).hasMessageNotContaining(SECRET);
    }

    @Test
    void resolve_fileWithoutSecret_saysWhatItMustHold() throws Exception {
        Path f = file("aws_access_key_id = A\n", "rw-------");

        assertThatThrownBy(() -> S3Credentials.resolve(config(f), name -> null)).isInstanceOf(PreflightException.class)
                .hasMessageContaining("aws_secret_access_key");
    }
}
