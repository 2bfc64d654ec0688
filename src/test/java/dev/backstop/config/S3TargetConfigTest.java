package dev.backstop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ConfigException;
import dev.backstop.registry.Kinds;
import dev.backstop.target.s3.S3Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code type: s3}: keys, defaults, refusals, and how config check shows it without its keys. */
class S3TargetConfigTest {

    static final Path FILE = Path.of("/etc/backstop/backstop.yml");
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    static final String YAML = """
            sources:
              - {name: etc, type: files, paths: [/etc]}
            targets:
              - name: objects
                type: s3
                endpoint: https://minio.example.lan:9000/
                bucket: backups
                prefix: servers
                access_key_env: S3_ACCESS_KEY
                secret_key_env: S3_SECRET_KEY
                retention: { keep_daily: 14 }
            """;

    private static S3Config parse(String yaml) throws Exception {
        return (S3Config) ConfigLoader.parse(yaml, FILE, Kinds.schema()).targets().get(0);
    }

    private static String problems(String yaml) {
        try {
            ConfigLoader.parse(yaml, FILE, Kinds.schema());
        } catch (ConfigException e) {
            return e.getMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no problem reported");
    }

    @Test
    void parse_minioExample_fillsDefaults() throws Exception {
        S3Config s3 = parse(YAML);

        assertThat(s3.endpoint()).isEqualTo("https://minio.example.lan:9000");
        assertThat(s3.region()).isEqualTo("us-east-1");
        assertThat(s3.bucket()).isEqualTo("backups");
        assertThat(s3.prefix()).isEqualTo("servers");
        assertThat(s3.pathStyle()).as("path style with an endpoint of one's own").isTrue();
        assertThat(s3.accessKeyEnv()).isEqualTo("S3_ACCESS_KEY");
        assertThat(s3.secretKeyEnv()).isEqualTo("S3_SECRET_KEY");
        assertThat(s3.credentialsFile()).isNull();
        assertThat(s3.storageClass()).isNull();
        assertThat(s3.serverSideEncryption()).isNull();
        assertThat(s3.retries()).isEqualTo(5);
        assertThat(s3.ioTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s3.retention().keepDaily()).isEqualTo(14);
        assertThat(s3.checksum()).isEqualTo(dev.backstop.target.s3.S3Checksum.AUTO);
        assertThat(s3.address()).isEqualTo("s3://backups/servers at https://minio.example.lan:9000");
    }

    @Test
    void parse_awsWithoutEndpoint_usesVirtualHostsAndTheAwsVariables() throws Exception {
        S3Config s3 = parse("""
                sources:
                  - {name: etc, type: files, paths: [/etc]}
                targets:
                  - {name: aws, type: s3, region: eu-central-1, bucket: acme-backups, storage_class: STANDARD_IA,
                     server_side_encryption: aws:kms, kms_key_id: alias/backups}
                """);

        assertThat(s3.endpoint()).isNull();
        assertThat(s3.pathStyle()).isFalse();
        assertThat(s3.prefix()).isEmpty();
        assertThat(s3.accessKeyEnv()).isEqualTo("AWS_ACCESS_KEY_ID");
        assertThat(s3.secretKeyEnv()).isEqualTo("AWS_SECRET_ACCESS_KEY");
        assertThat(s3.storageClass()).isEqualTo("STANDARD_IA");
        assertThat(s3.serverSideEncryption()).isEqualTo("aws:kms");
        assertThat(s3.kmsKeyId()).isEqualTo("alias/backups");
    }

    @Test
    void parse_credentialsFile_replacesTheVariables() throws Exception {
        S3Config s3 = parse(YAML.replace("""
                    access_key_env: S3_ACCESS_KEY
                    secret_key_env: S3_SECRET_KEY
                """, "    credentials_file: s3.credentials\n"));

        assertThat(s3.credentialsFile()).isEqualTo(Path.of("/etc/backstop/s3.credentials"));
        assertThat(s3.accessKeyEnv()).isNull();
        assertThat(s3.secretKeyEnv()).isNull();
    }

    @Test
    void parse_unusableValues_areReportedTogether() {
        String text = problems(YAML.replace("prefix: servers", "prefix: /servers/")
                .replace("endpoint: https://minio.example.lan:9000/", "endpoint: minio.example.lan/backups")
                .replace("    retention: { keep_daily: 14 }\n", """
                    storage_class: DEEP_ARCHIVE
                    server_side_encryption: rot13
                    checksum: crc32
                    credentials_file: /etc/backstop/s3.credentials
                    password: hunter2
                """));

        assertThat(text).contains("targets[0].prefix: '/servers/' is not a usable key prefix")
                .contains("targets[0].endpoint: 'minio.example.lan/backups' is not an endpoint URL")
                .contains("targets[0].storage_class: DEEP_ARCHIVE objects cannot be read without a restore request")
                .contains("targets[0].server_side_encryption: unknown server-side encryption 'rot13'")
                .contains("targets[0].checksum: unknown checksum 'crc32' (known: auto, sha256, md5)")
                .contains("targets[0].credentials_file: give the keys either by access_key_env and secret_key_env"
                        + " or by credentials_file, not both")
                .contains("targets[0].password: passwords are not written in the configuration file")
                .doesNotContain("hunter2");
    }

    @Test
    void render_keys_showsVariableNamesNeverTheirValues() throws Exception {
        Map<String, String> env = Map.of("S3_ACCESS_KEY", "AKIAEXAMPLE", "S3_SECRET_KEY", SECRET);

        String text = ConfigPrinter.render(ConfigLoader.parse(YAML, FILE, Kinds.schema()), Kinds.schema(), env::get);

        assertThat(text).contains("    type: s3\n", "    endpoint: https://minio.example.lan:9000\n",
                        "    bucket: backups\n", "    prefix: servers\n", "    path_style: true\n",
                        "    access_key_env: S3_ACCESS_KEY (set)\n", "    secret_key_env: S3_SECRET_KEY (set)\n",
                        "    storage_class: (not set: the bucket's default)\n", "    checksum: auto\n")
                .doesNotContain(SECRET).doesNotContain("AKIAEXAMPLE");
    }

    @Test
    void parse_unknownKey_namesTheKnownOnes() {
        assertThatThrownBy(() -> ConfigLoader.parse(YAML.replace("bucket: backups", "bucket: backups\n    acl: private"),
                FILE, Kinds.schema())).isInstanceOf(ConfigException.class).hasMessageContaining("acl");
    }
}
