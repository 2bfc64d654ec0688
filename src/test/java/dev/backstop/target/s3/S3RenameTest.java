package dev.backstop.target.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.target.TestStreams;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Renames on an object store: copies in ranges beyond the single-copy limit, and a rename finished after a cut. */
@RequiresService(Services.S3.class)
class S3RenameTest {

    private static final int LIMIT = 6 << 20;

    String bucket;
    String prefix;
    S3Target target;
    S3Client direct;

    @BeforeEach
    void open() {
        TestS3.Server server = TestS3.server();
        bucket = TestS3.newBucket();
        prefix = "rename-" + UUID.randomUUID();
        target = new S3Target(TestS3.config("objects", server.endpoint(), bucket, prefix), TestS3.env(TestS3.SECRET_KEY),
                S3Upload.MIN_PART, LIMIT);
        direct = TestS3.client(server.endpoint());
    }

    @AfterEach
    void close() {
        if (target != null) {
            target.close();
        }
        if (direct != null) {
            direct.close();
        }
    }

    private byte[] read(String path) throws Exception {
        try (InputStream in = target.read(path)) {
            return in.readAllBytes();
        }
    }

    @Test
    void rename_objectBeyondTheSingleCopyLimit_isCopiedInRangesWholly() throws Exception {
        byte[] data = TestStreams.randomBytes(2 * LIMIT + 777, 21);
        target.write("set/big.tar.gz", new ByteArrayInputStream(data));

        target.rename("set", "final");

        assertThat(read("final/big.tar.gz")).isEqualTo(data);
        assertThat(target.stat("set")).isEmpty();
        assertThat(direct.listMultipartUploads(b -> b.bucket(bucket).prefix(prefix + "/")).uploads()).isEmpty();
    }

    @Test
    void rename_directoryWhoseCopiesWereAllDoneBeforeACut_isFinishedByTheRetry() throws Exception {
        // given a rename that copied everything, manifest last, removed the source's manifest, and was cut
        target.write("partial/a.gz", new ByteArrayInputStream("A".getBytes(UTF_8)));
        target.write("partial/MANIFEST.json", new ByteArrayInputStream("{}".getBytes(UTF_8)));
        for (String name : new String[] {"a.gz", "MANIFEST.json"}) {
            direct.copyObject(b -> b.sourceBucket(bucket).sourceKey(prefix + "/partial/" + name)
                    .destinationBucket(bucket).destinationKey(prefix + "/final/" + name));
        }
        target.delete("partial/MANIFEST.json");

        // when the rename is tried again
        target.rename("partial", "final");

        // then
        assertThat(target.stat("partial")).isEmpty();
        assertThat(read("final/a.gz")).asString(UTF_8).isEqualTo("A");
        assertThat(read("final/MANIFEST.json")).asString(UTF_8).isEqualTo("{}");
    }

    @Test
    void rename_destinationWithoutTheManifest_isRefused() throws Exception {
        // a destination holding part of the copies but no manifest is not this rename finished: refused
        target.write("partial/a.gz", new ByteArrayInputStream("A".getBytes(UTF_8)));
        target.write("partial/MANIFEST.json", new ByteArrayInputStream("{}".getBytes(UTF_8)));
        target.write("final/a.gz", new ByteArrayInputStream("A".getBytes(UTF_8)));

        assertThatThrownBy(() -> target.rename("partial", "final")).isInstanceOf(FileAlreadyExistsException.class);

        assertThat(read("partial/MANIFEST.json")).asString(UTF_8).isEqualTo("{}");
        assertThat(target.stat("final/MANIFEST.json")).isEmpty();
    }
}
