package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.Json;
import dev.backstop.target.s3.TestS3;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backstop run} to an older S3-compatible service (S3Proxy 2.9, which answers 501 to the
 * {@code x-amz-checksum-*} headers of newer clients, as many deployed services do): with the
 * default {@code checksum: auto} the run finds Content-MD5, commits, reads every object back, and
 * the set verifies and restores; with {@code checksum: sha256} the target fails at once, naming the
 * key to set, instead of retrying a refusal for a minute.
 */
@RequiresService(Services.LegacyS3.class)
class LegacyS3RunIT {

    @TempDir
    Path dir;

    TestS3.Server s3;
    String bucket;
    Map<String, String> env = Map.of(TestS3.ACCESS_ENV, TestS3.ACCESS_KEY, TestS3.SECRET_ENV, TestS3.SECRET_KEY);

    @BeforeEach
    void setUp() throws Exception {
        s3 = TestS3.legacyServer();
        bucket = TestS3.newBucket(s3);
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("www/index.php"), "<?php echo 'hello';\n");
        // above the 8 MiB part size: a multipart upload with Content-MD5 on every part
        Files.write(dir.resolve("www/upload.bin"), dev.backstop.target.TestStreams.randomBytes(9 << 20, 5));
    }

    private Path config(String checksum) throws Exception {
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: it-host
                state_dir: %s
                sources:
                  - name: www
                    type: files
                    paths: [%s]
                targets:
                  - name: local
                    type: local
                    path: %s
                  - name: objects
                    type: s3
                    endpoint: %s
                    bucket: %s
                    access_key_env: %s
                    secret_key_env: %s
                    connect_timeout: 5s
                    retries: 3
                    retry_delay: 1s
                %s""".formatted(dir.resolve("state"), dir.resolve("www"), dir.resolve("backups"), s3.endpoint(), bucket,
                TestS3.ACCESS_ENV, TestS3.SECRET_ENV, checksum == null ? "" : "    checksum: " + checksum + "\n"));
        return config;
    }

    private BackstopProcess.Result backstop(String... args) throws Exception {
        return BackstopProcess.run(env, List.of(), args);
    }

    @Test
    void run_auto_findsContentMd5_commitsVerifiesAndRestores() throws Exception {
        Path config = config(null);

        BackstopProcess.Result run = backstop("run", "--json", "--config", config.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        JsonNode json = Json.mapper().readTree(run.out());
        assertThat(json.get("targets")).extracting(t -> t.get("target").asText() + "=" + t.get("state").asText())
                .containsExactly("local=committed", "objects=committed");
        assertThat(json.get("targets").get(1).get("verified").asText()).as("every object read back").isEqualTo("read-back");
        assertThat(Files.readAllLines(dir.resolve("state/s3/objects.checksum"))).element(1).isEqualTo("md5");
        String id = json.get("id").asText();

        BackstopProcess.Result again = backstop("run", "--config", config.toString());
        BackstopProcess.Result verify = backstop("verify", "--read-data", "--target", "objects", "--config",
                config.toString());
        Path restored = dir.resolve("restored");
        BackstopProcess.Result restore = backstop("restore", "--backup", id, "--target", "objects", "--to",
                restored.toString(), "--config", config.toString());

        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertThat(restore.exitCode()).as(restore.all()).isZero();
        try (var files = Files.walk(restored)) {
            Path upload = files.filter(p -> p.getFileName().toString().equals("upload.bin")).findFirst().orElseThrow();
            assertThat(Files.readAllBytes(upload)).isEqualTo(Files.readAllBytes(dir.resolve("www/upload.bin")));
        }
    }

    @Test
    void run_sha256_failsAtOnceNamingTheKeyAndTheLocalCopyCommits() throws Exception {
        Path config = config("sha256");

        long started = System.nanoTime();
        BackstopProcess.Result run = backstop("run", "--json", "--config", config.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(6);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no minute of retries").isLessThan(Duration.ofSeconds(30));
        assertThat(run.all()).contains("set checksum: md5 on target 'objects'").doesNotContain("gave up");
        JsonNode json = Json.mapper().readTree(run.out());
        assertThat(json.get("targets")).extracting(t -> t.get("target").asText() + "=" + t.get("state").asText())
                .contains("local=committed");
    }
}
