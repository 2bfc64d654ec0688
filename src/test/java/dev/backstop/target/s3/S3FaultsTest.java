package dev.backstop.target.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.commit.BackupSetCommitter;
import dev.backstop.commit.BackupSetLayout;
import dev.backstop.commit.CommitReport;
import dev.backstop.core.BackupId;
import dev.backstop.core.TargetException;
import dev.backstop.target.Backoff;
import dev.backstop.target.RetryingTarget;
import dev.backstop.target.StoredFile.Verification;
import dev.backstop.target.StoredFile;
import dev.backstop.target.Target;
import dev.backstop.target.TestSets;
import dev.backstop.target.TestStreams;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * The S3 target when things go wrong between it and the service: connections cut mid-upload
 * (through a proxy the test owns), bytes changed on the way, a wrong secret, a missing bucket,
 * multipart uploads a killed run left behind.
 */
@RequiresService(Services.S3.class)
class S3FaultsTest {

    private static final int PART = S3Upload.MIN_PART;

    @TempDir
    Path spool;

    TestS3.Server server;
    String bucket;
    String prefix;
    CuttingProxy proxy;
    List<String> retries = new ArrayList<>();
    S3Client direct;

    @BeforeEach
    void start() throws IOException {
        server = TestS3.server();
        bucket = TestS3.newBucket();
        prefix = "faults-" + UUID.randomUUID();
        proxy = new CuttingProxy(server.endpoint());
        direct = TestS3.client(server.endpoint());
    }

    @AfterEach
    void stop() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        if (direct != null) {
            direct.close();
        }
    }

    private Target target(String endpoint, String bucket, String secret) {
        S3Config config = TestS3.config("objects", endpoint, bucket, prefix);
        Backoff backoff = new Backoff(config.retries(), config.retryDelay(), Duration.ofMillis(200), config.retryBudget());
        return new RetryingTarget(new S3Target(config, TestS3.env(secret), PART, 6 << 20), backoff, retries::add);
    }

    private Target throughProxy() {
        return target(proxy.endpoint(), bucket, TestS3.SECRET_KEY);
    }

    private List<MultipartUpload> incompleteUploads() {
        return direct.listMultipartUploads(b -> b.bucket(bucket).prefix(prefix + "/")).uploads();
    }

    private byte[] stored(String path) {
        return direct.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + "/" + path)).asByteArray();
    }

    @Test
    void write_connectionCutOnceDuringAMultipartUpload_isRetriedAndStoresEveryByte() throws Exception {
        byte[] data = TestStreams.randomBytes(3 * PART + 1000, 7);
        proxy.cutAfter = PART + PART / 2;
        proxy.cutsLeft.set(1);

        try (Target t = throughProxy()) {
            assertThat(t.write("big.bin", new ByteArrayInputStream(data))).isEqualTo(data.length);
        }

        assertThat(proxy.cuts.get()).isEqualTo(1);
        assertThat(stored("big.bin")).isEqualTo(data);
        assertThat(incompleteUploads()).isEmpty();
    }

    @Test
    void write_everyConnectionCutDuringParts_failsAndAbortsTheMultipartUpload() throws Exception {
        byte[] data = TestStreams.randomBytes(3 * PART, 8);
        proxy.cutAfter = PART / 2;

        try (Target t = throughProxy()) {
            assertThatThrownBy(() -> t.write("big.bin", new ByteArrayInputStream(data))).isInstanceOf(IOException.class)
                    .hasMessageContaining("big.bin").hasMessageContaining("gave up");
        }

        assertThat(proxy.cuts.get()).isGreaterThan(3);
        assertThat(retries).isNotEmpty();
        assertThat(incompleteUploads()).as("multipart uploads left open").isEmpty();
        assertThat(direct.listObjectsV2(b -> b.bucket(bucket).prefix(prefix + "/")).contents()).isEmpty();
    }

    @Test
    void write_byteChangedOnTheWay_isRefusedByTheServiceAndSentAgain() throws Exception {
        byte[] data = TestStreams.randomBytes(1 << 20, 9);
        proxy.flipAt = 500_000;
        proxy.flipsLeft.set(1);

        try (Target t = throughProxy()) {
            // the payload is signed over plain HTTP: a changed byte breaks the signature, and the
            // service refuses the request; sent again, the bytes arrive as they were sent
            assertThat(t.write("f.bin", new ByteArrayInputStream(data))).isEqualTo(data.length);
        }

        assertThat(proxy.flips.get()).isEqualTo(1);
        assertThat(retries).singleElement().asString().contains("changed on the way");
        assertThat(stored("f.bin")).isEqualTo(data);
    }

    @Test
    void write_checksumNotOfTheBytesSent_isRefusedByTheService() throws Exception {
        byte[] data = TestStreams.randomBytes(1 << 20, 12);
        S3Config config = TestS3.config("objects", server.endpoint(), bucket, prefix);
        S3Upload.Checksum lying = (buffer, length) -> S3Upload.sha256(new byte[] {1}, 1);
        try (S3Target t = new S3Target(config, null, TestS3.env(TestS3.SECRET_KEY), PART, 6 << 20, lying)) {
            assertThatThrownBy(() -> t.write("f.bin", new ByteArrayInputStream(data))).isInstanceOf(IOException.class)
                    .hasMessageContaining("f.bin").hasMessageContaining("do not match their checksum");
            assertThat(t.stat("f.bin")).isEmpty();
        }
    }

    @Test
    void preflight_wrongSecret_failsAtOnceNamingAccessDenied() {
        try (Target t = target(server.endpoint(), bucket, "not-the-secret")) {
            long started = System.nanoTime();

            assertThatThrownBy(() -> t.preflight(1)).isInstanceOf(TargetException.class)
                    .hasMessageContaining("objects").hasMessageContaining("access denied")
                    .hasMessageNotContaining("not-the-secret");

            assertThat(retries).as("a refusal is not retried").isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void write_wrongSecret_isAnAccessDeniedNeverRetried() throws Exception {
        try (Target t = target(server.endpoint(), bucket, "not-the-secret")) {
            assertThatThrownBy(() -> t.write("f", new ByteArrayInputStream(new byte[10])))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("access denied");
        }
        assertThat(retries).isEmpty();
    }

    @Test
    void preflight_bucketMissing_failsNamingTheBucket() throws Exception {
        try (Target t = target(server.endpoint(), "no-such-bucket-" + UUID.randomUUID().toString().substring(0, 8),
                TestS3.SECRET_KEY)) {
            assertThatThrownBy(() -> t.preflight(1)).isInstanceOf(TargetException.class)
                    .hasMessageContaining("no-such-bucket-").hasMessageContaining("does not exist");
        }
        assertThat(retries).isEmpty();
    }

    @Test
    void preflight_serverDown_failsAsUnreachableAfterRetries() throws Exception {
        String endpoint = proxy.endpoint();
        proxy.close();
        try (Target t = target(endpoint, bucket, TestS3.SECRET_KEY)) {
            assertThatThrownBy(() -> t.preflight(1)).isInstanceOf(TargetException.class)
                    .hasMessageContaining("no answer");
        }
        assertThat(retries).hasSize(3);
    }

    @Test
    void sweepPartials_multipartUploadLeftByAKilledRun_isDiscarded() throws Exception {
        String key = prefix + "/" + BackupSetLayout.partialDir(TestSets.HOST, BackupId.parse("20251103T190001Z"))
                + "/appdb.sql.gz";
        direct.createMultipartUpload(b -> b.bucket(bucket).key(key));
        assertThat(incompleteUploads()).hasSize(1);

        try (Target t = target(server.endpoint(), bucket, TestS3.SECRET_KEY)) {
            List<String> removed = new BackupSetCommitter().sweepPartials(t, TestSets.HOST);

            assertThat(removed).singleElement().asString().contains("20251103T190001Z/appdb.sql.gz")
                    .contains("incomplete upload");
        }
        assertThat(incompleteUploads()).isEmpty();
    }

    @Test
    void commit_componentsLargerThanAPart_areStoredInPartsAndVerifiedByReadingBack() throws Exception {
        byte[] data = TestStreams.randomBytes(2 * PART + 12345, 10);
        java.util.Map<String, byte[]> contents = new java.util.LinkedHashMap<>();
        contents.put("appdb.sql.gz", "-- dump\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        contents.put("application.tar.gz", data);
        TestSets.SpooledSet grown = TestSets.spooled(spool, TestSets.ID, contents);

        try (Target t = target(server.endpoint(), bucket, TestS3.SECRET_KEY)) {
            CommitReport report = new BackupSetCommitter().commit(t, TestSets.HOST, grown.manifest(), grown.files());

            assertThat(report.files()).filteredOn(f -> f.file().equals("application.tar.gz"))
                    .extracting(StoredFile::verification).containsExactly(Verification.READ_BACK);
            assertThat(report.files()).filteredOn(f -> f.file().equals("appdb.sql.gz"))
                    .extracting(StoredFile::verification).containsExactly(Verification.STORAGE_HASH);
            assertThat(stored(report.finalPath() + "/application.tar.gz")).isEqualTo(data);
        }
    }

    @Test
    void read_connectionCutHalfway_isContinuedWithARangeRequest() throws Exception {
        // larger than what the socket buffers of client, proxy and server can hold after the first MiB
        byte[] data = TestStreams.randomBytes(24 << 20, 11);
        try (Target t = target(server.endpoint(), bucket, TestS3.SECRET_KEY)) {
            t.write("r.bin", new ByteArrayInputStream(data));
        }
        try (Target t = throughProxy(); InputStream in = t.read("r.bin")) {
            byte[] first = in.readNBytes(1 << 20);
            proxy.dropAll();

            byte[] rest = in.readAllBytes();

            assertThat(first).isEqualTo(java.util.Arrays.copyOf(data, 1 << 20));
            assertThat(rest).isEqualTo(java.util.Arrays.copyOfRange(data, 1 << 20, data.length));
        }
        assertThat(proxy.accepted.get()).as("connections: the first, then the reopened ones").isGreaterThanOrEqualTo(2);
    }
}
