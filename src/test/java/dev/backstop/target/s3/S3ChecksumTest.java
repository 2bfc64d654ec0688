package dev.backstop.target.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.TargetException;
import dev.backstop.target.Backoff;
import dev.backstop.target.RetryingTarget;
import dev.backstop.target.Target;
import dev.backstop.target.TestStreams;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code checksum: auto | sha256 | md5} against services that refuse the flexible-checksum headers:
 * S3Proxy 2.9 (501 NotImplemented) and a proxy in front of the current S3Proxy that answers like
 * Backblaze B2 (400 "Unsupported header") or Cloudflare R2 (501).
 */
@RequiresService({Services.S3.class, Services.LegacyS3.class})
class S3ChecksumTest {

    private static final int PART = S3Upload.MIN_PART;

    @TempDir
    Path stateDir;

    String prefix = "checksum-" + UUID.randomUUID();
    List<String> retries = new ArrayList<>();

    private S3Config config(String endpoint, String bucket, S3Checksum checksum) {
        S3Config c = TestS3.config("objects", endpoint, bucket, prefix);
        return new S3Config(c.name(), c.endpoint(), c.region(), c.bucket(), c.prefix(), c.pathStyle(), c.accessKeyEnv(),
                c.secretKeyEnv(), null, null, null, null, c.connectTimeout(), c.ioTimeout(), c.retries(),
                c.retryDelay(), c.retryBudget(), checksum, c.retention());
    }

    private S3Target bare(S3Config config) {
        return new S3Target(config, stateDir, TestS3.env(TestS3.SECRET_KEY), PART, 6 << 20, S3Upload::sha256);
    }

    private Target retrying(S3Target bare) {
        S3Config c = TestS3.config("x", "http://127.0.0.1:1", "b", "");
        return new RetryingTarget(bare, new Backoff(c.retries(), c.retryDelay(), Duration.ofMillis(200), c.retryBudget()),
                retries::add);
    }

    /** Writes a single-PUT file and a multipart one, renames and deletes: everything a commit does. */
    private void roundTrip(Target t, String endpoint, String bucket) throws Exception {
        byte[] small = TestStreams.randomBytes(1000, 1);
        byte[] big = TestStreams.randomBytes(2 * PART + 77, 2);
        t.write("small.bin", new ByteArrayInputStream(small));
        t.write("big.bin.partial", new ByteArrayInputStream(big));
        t.rename("big.bin.partial", "big.bin");
        try (S3Client direct = TestS3.client(endpoint)) {
            assertThat(direct.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + "/small.bin")).asByteArray())
                    .isEqualTo(small);
            assertThat(direct.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + "/big.bin")).asByteArray())
                    .isEqualTo(big);
        }
        t.delete("small.bin");
        t.delete("big.bin");
        assertThat(t.list("")).isEmpty();
    }

    @Test
    void auto_onAnOlderService_fallsBackToContentMd5AndRemembersIt() throws Exception {
        TestS3.Server legacy = TestS3.legacyServer();
        String bucket = TestS3.newBucket(legacy);
        S3Config config = config(legacy.endpoint(), bucket, S3Checksum.AUTO);

        try (S3Target t = bare(config)) {
            t.preflight(0);
            assertThat(t.checksum()).isEqualTo(S3Checksum.MD5);
            roundTrip(retrying(t), legacy.endpoint(), bucket);
            assertThat(t.storageSha256("missing-is-not-asked")).isEmpty();
        }
        assertThat(Files.readAllLines(stateDir.resolve("s3/objects.checksum"))).element(1).isEqualTo("md5");
        try (S3Target again = bare(config)) {
            assertThat(again.checksum()).as("remembered before any preflight").isEqualTo(S3Checksum.MD5);
        }
    }

    @Test
    void auto_onTheCurrentService_keepsSha256AndTheServicesHash() throws Exception {
        TestS3.Server current = TestS3.server();
        String bucket = TestS3.newBucket(current);

        try (S3Target t = bare(config(current.endpoint(), bucket, S3Checksum.AUTO))) {
            t.preflight(0);
            assertThat(t.checksum()).isEqualTo(S3Checksum.SHA256);
            t.write("f.bin", new ByteArrayInputStream(new byte[] {1, 2, 3}));
            assertThat(t.storageSha256("f.bin")).contains(dev.backstop.core.Sha256.of(new byte[] {1, 2, 3}));
        }
        assertThat(Files.readAllLines(stateDir.resolve("s3/objects.checksum"))).element(1).isEqualTo("sha256");
    }

    @Test
    void sha256_onAnOlderService_failsAtOnceNamingTheKeyToSet() throws Exception {
        TestS3.Server legacy = TestS3.legacyServer();
        String bucket = TestS3.newBucket(legacy);
        S3Target bare = bare(config(legacy.endpoint(), bucket, S3Checksum.SHA256));

        long started = System.nanoTime();
        try (Target t = retrying(bare)) {
            assertThatThrownBy(() -> t.preflight(0)).isInstanceOf(TargetException.class)
                    .hasMessageContaining("not implemented").hasMessageContaining("set checksum: md5 on target 'objects'");
        }

        assertThat(retries).as("a refusal of a feature is not retried").isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void md5_onTheCurrentService_sendsNoChecksumHeaderAndNothingChunked() throws Exception {
        TestS3.Server current = TestS3.server();
        String bucket = TestS3.newBucket(current);
        try (ChecksumRefusingProxy proxy = new ChecksumRefusingProxy(current.endpoint(),
                ChecksumRefusingProxy.Refusal.B2_LIKE);
             S3Target t = bare(config(proxy.endpoint(), bucket, S3Checksum.MD5))) {
            t.preflight(0);
            roundTrip(retrying(t), current.endpoint(), bucket);

            assertThat(proxy.refused).isEmpty();
            assertThat(proxy.requests).isNotEmpty().noneSatisfy(head -> assertThat(head.toLowerCase())
                    .containsAnyOf("aws-chunked", "x-amz-trailer", "x-amz-decoded-content-length"));
            assertThat(proxy.requests).filteredOn(h -> h.startsWith("PUT ") && h.contains("partNumber=")
                    && !h.toLowerCase().contains("x-amz-copy-source:")).hasSize(3).allSatisfy(h -> assertThat(h.toLowerCase()).contains("content-md5:"));
        }
    }

    @Test
    void auto_behindServicesThatRefuseChecksumHeaders_fallsBack() throws Exception {
        TestS3.Server current = TestS3.server();
        for (ChecksumRefusingProxy.Refusal refusal : ChecksumRefusingProxy.Refusal.values()) {
            String bucket = TestS3.newBucket(current);
            try (ChecksumRefusingProxy proxy = new ChecksumRefusingProxy(current.endpoint(), refusal);
                 S3Target t = new S3Target(config(proxy.endpoint(), bucket, S3Checksum.AUTO), null,
                         TestS3.env(TestS3.SECRET_KEY), PART, 6 << 20, S3Upload::sha256)) {
                t.preflight(0);

                assertThat(t.checksum()).as(refusal.name()).isEqualTo(S3Checksum.MD5);
                int duringProbe = proxy.refused.size();
                assertThat(proxy.refused).as(refusal.name()).first().asString().startsWith("PUT ");
                roundTrip(retrying(t), current.endpoint(), bucket);
                assertThat(proxy.refused).as(refusal.name() + ": nothing refused after the probe").hasSize(duringProbe);
            }
        }
    }

    @Test
    void md5_multipartWithAByteChangedOnTheWay_isRefusedAndSentAgain() throws Exception {
        TestS3.Server current = TestS3.server();
        String bucket = TestS3.newBucket(current);
        byte[] data = TestStreams.randomBytes(2 * PART + 99, 3);
        try (CuttingProxy proxy = new CuttingProxy(current.endpoint());
             S3Target t = bare(config(proxy.endpoint(), bucket, S3Checksum.MD5))) {
            proxy.flipAt = PART + 4096;
            proxy.flipsLeft.set(1);

            assertThat(retrying(t).write("big.bin", new ByteArrayInputStream(data))).isEqualTo(data.length);

            assertThat(proxy.flips.get()).isEqualTo(1);
        }
        assertThat(retries).as("the part is sent again, not the whole file").isEmpty();
        try (S3Client direct = TestS3.client(current.endpoint())) {
            assertThat(direct.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + "/big.bin")).asByteArray())
                    .isEqualTo(data);
        }
    }
}
