package dev.backstop.target.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.CommitReport;
import dev.backstop.target.ContractFixture;
import dev.backstop.target.StoredFile.Verification;
import dev.backstop.target.StoredFile;
import dev.backstop.target.Target;
import dev.backstop.target.TargetContract;
import dev.backstop.target.TestSets;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * The S3 target against the whole target contract, on S3Proxy on 127.0.0.1, below a key prefix of
 * its own in a shared bucket, with multipart uploads from 5 MiB on.
 */
@ContractFixture(S3Kind.class)
@RequiresService(Services.S3.class)
class S3TargetTest extends TargetContract {

    private static String bucket;
    String prefix;
    TestS3.Server server;

    @Override
    protected Target createTarget() {
        server = TestS3.server();
        synchronized (S3TargetTest.class) {
            if (bucket == null) {
                bucket = TestS3.newBucket();
            }
        }
        prefix = "test-" + UUID.randomUUID() + "/backstop";
        return new S3Target(TestS3.config("objects", server.endpoint(), bucket, prefix), TestS3.env(TestS3.SECRET_KEY),
                S3Upload.MIN_PART, 6 << 20);
    }

    /** S3Proxy keeps each object as a plain file below its data directory: standard tools can check a set there. */
    @Override
    protected Optional<Path> localRoot() {
        return Optional.of(server.dataDir().resolve(bucket).resolve(prefix));
    }

    /** Rewrites the object with its first byte flipped, as a hostile or broken writer would. */
    @Override
    protected void corruptBehindTheBack(String path) {
        TestS3.flipFirstByte(server, bucket, prefix + "/" + path, true);
    }

    @org.junit.jupiter.api.Test
    void commit_smallSet_isVerifiedByTheServiceChecksum() throws Exception {
        TestSets.SpooledSet set = set();

        CommitReport report = committer.commit(target, HOST, set.manifest(), set.files());

        assertThat(report.files()).extracting(StoredFile::verification).containsOnly(Verification.STORAGE_HASH);
    }
}
