package dev.backstop.target.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.target.ContractFixture;
import dev.backstop.target.Target;
import dev.backstop.target.TargetContract;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.util.UUID;

/**
 * The S3 target against the whole target contract on an older S3-compatible service (S3Proxy 2.9,
 * which refuses {@code x-amz-checksum-*} headers with 501 NotImplemented), with {@code checksum:
 * auto}: the preflight finds that the service wants Content-MD5, and every object is read back.
 */
@ContractFixture(S3Kind.class)
@RequiresService(Services.LegacyS3.class)
class S3LegacyTargetTest extends TargetContract {

    private static String bucket;
    String prefix;
    TestS3.Server server;

    @Override
    protected Target createTarget() throws Exception {
        server = TestS3.legacyServer();
        synchronized (S3LegacyTargetTest.class) {
            if (bucket == null) {
                bucket = TestS3.newBucket(server);
            }
        }
        prefix = "legacy-" + UUID.randomUUID() + "/backstop";
        S3Target t = new S3Target(TestS3.config("objects", server.endpoint(), bucket, prefix), null,
                TestS3.env(TestS3.SECRET_KEY), S3Upload.MIN_PART, 6 << 20, S3Upload::sha256);
        t.preflight(0);
        assertThat(t.checksum()).isEqualTo(S3Checksum.MD5);
        return t;
    }

    /** Content-MD5 uploads leave no SHA-256 with the object: the commit reads every file back. */
    @Override
    protected boolean offersStorageHash() {
        return false;
    }

    @Override
    protected void corruptBehindTheBack(String path) {
        TestS3.flipFirstByte(server, bucket, prefix + "/" + path, false);
    }
}
