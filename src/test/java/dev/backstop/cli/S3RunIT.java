package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.Json;
import dev.backstop.target.s3.TestS3;
import dev.backstop.target.sftp.TestSshd;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code backstop run} end to end with three targets at once: a local directory, the OpenSSH
 * server of the test machine over SFTP, and S3Proxy on 127.0.0.1 over S3. All three commit and
 * verify; {@code verify --read-data} and {@code list} read the set back from the bucket; a bucket
 * that is missing leaves the s3 target out while the others still commit.
 */
@RequiresService({Services.Sshd.class, Services.S3.class})
class S3RunIT {

    @TempDir
    Path dir;

    TestS3.Server s3;
    String bucket;
    String nasPath;
    Path nasLocal;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        s3 = TestS3.server();
        bucket = TestS3.newBucket();
        nasPath = TestSshd.PATH + "/it-" + UUID.randomUUID();
        nasLocal = TestSshd.startDir(TestSshd.USER).resolve(nasPath);
        env = Map.of(TestS3.ACCESS_ENV, TestS3.ACCESS_KEY, TestS3.SECRET_ENV, TestS3.SECRET_KEY);
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("www/index.php"), "<?php echo 'hello';\n");
        Files.write(dir.resolve("www/upload.bin"), dev.backstop.target.TestStreams.randomBytes(3 << 20, 5));
    }

    @AfterEach
    void removeNasDirectory() throws Exception {
        if (nasLocal != null && Files.exists(nasLocal)) {
            try (Stream<Path> walk = Files.walk(nasLocal)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private Path config(String bucket) throws Exception {
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
                %s  - name: objects
                    type: s3
                    endpoint: %s
                    bucket: %s
                    prefix: backstop/servers
                    access_key_env: %s
                    secret_key_env: %s
                    connect_timeout: 5s
                    retries: 1
                    retry_delay: 100ms
                """.formatted(dir.resolve("state"), dir.resolve("www"), dir.resolve("backups"),
                TestSshd.targetYaml(TestSshd.PORT, TestSshd.KNOWN_HOSTS, nasPath, "retries: 1", "retry_delay: 100ms"),
                s3.endpoint(), bucket, TestS3.ACCESS_ENV, TestS3.SECRET_ENV));
        return config;
    }

    private BackstopProcess.Result backstop(String... args) throws Exception {
        return BackstopProcess.run(env, List.of(), args);
    }

    @Test
    void run_localSftpAndS3_commitsAndVerifiesOnAllThree() throws Exception {
        Path config = config(bucket);

        BackstopProcess.Result run = backstop("run", "--json", "--config", config.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        JsonNode json = Json.mapper().readTree(run.out());
        assertThat(json.get("targets")).extracting(t -> t.get("target").asText() + "=" + t.get("state").asText())
                .containsExactly("local=committed", "nas=committed", "objects=committed");
        assertThat(json.get("targets").get(2).get("verified").asText()).isEqualTo("storage-hash");
        String finalDir = json.get("targets").get(2).get("path").asText();
        try (S3Client c = TestS3.client(s3.endpoint())) {
            List<String> keys = c.listObjectsV2(b -> b.bucket(bucket).prefix("backstop/servers/" + finalDir + "/"))
                    .contents().stream().map(o -> o.key().substring(o.key().lastIndexOf('/') + 1)).toList();
            assertThat(keys).contains("MANIFEST.json", "SHA256SUMS", "www.tar.gz");
            assertThat(c.listObjectsV2(b -> b.bucket(bucket).prefix("backstop/servers/it-host/.partial/")).contents())
                    .as("nothing left in flight").isEmpty();
        }

        BackstopProcess.Result verify = backstop("verify", "--read-data", "--config", config.toString());
        BackstopProcess.Result verifyS3 = backstop("verify", "--read-data", "--target", "objects", "--config",
                config.toString());
        BackstopProcess.Result list = backstop("list", "--target", "objects", "--config", config.toString());
        BackstopProcess.Result check = backstop("config", "check", "--config", config.toString());

        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertThat(verifyS3.exitCode()).as(verifyS3.all()).isZero();
        assertThat(verifyS3.out()).contains("objects");
        assertThat(list.exitCode()).as(list.all()).isZero();
        assertThat(list.out()).contains("objects").contains(json.get("id").asText());
        assertThat(check.exitCode()).as(check.all()).isZero();
        assertThat(check.out()).contains("secret_key_env: " + TestS3.SECRET_ENV + " (set)")
                .doesNotContain(TestS3.SECRET_KEY);
    }

    @Test
    void run_bucketMissing_exitsSixAndTheOtherTargetsCommit() throws Exception {
        Path config = config("no-such-bucket-" + UUID.randomUUID().toString().substring(0, 8));

        BackstopProcess.Result run = backstop("run", "--json", "--config", config.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(6);
        JsonNode json = Json.mapper().readTree(run.out());
        assertThat(json.get("targets")).extracting(t -> t.get("target").asText() + "=" + t.get("state").asText())
                .containsExactly("local=committed", "nas=committed", "objects=skipped");
        assertThat(json.get("targets").get(2).get("reason").asText()).contains("does not exist");
    }
}
