package dev.backstop.source.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.codec.Compression;
import dev.backstop.codec.CountingInput;
import dev.backstop.codec.ZstdFrameInput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/**
 * What a reader leaves unread of a large file is passed over where the stream can (zstd frames):
 * the next entry is read exact, and the frames inside the file are not even decompressed.
 */
class RawNameTarInputTest {

    private static final byte[] SMALL = "the file after the large one\n".getBytes(StandardCharsets.US_ASCII);

    /** A zstd tar of a 6 MiB file of random bytes, then a small file; one byte changed inside the large one. */
    private static byte[] archiveWithADamagedLargeFile() throws IOException {
        byte[] large = new byte[6 << 20];
        new Random(5).nextBytes(large);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = Compression.ZSTD.compress(out);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(z)) {
            for (byte[] content : new byte[][] {large, SMALL}) {
                TarArchiveEntry e = new TarArchiveEntry(content == SMALL ? "small.txt" : "large.bin");
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        byte[] compressed = out.toByteArray();
        compressed[compressed.length / 2] ^= 0x5A; // random bytes stay raw blocks: this is inside the large file's content
        return compressed;
    }

    @Test
    void nextEntry_largeFileLeftUnread_isPassedOverAndTheNextReadsExact() throws Exception {
        byte[] compressed = archiveWithADamagedLargeFile();
        CountingInput counted = new CountingInput(new ZstdFrameInput(new ByteArrayInputStream(compressed)));

        try (RawNameTarInput tar = new RawNameTarInput(counted)) {
            assertThat(tar.getNextEntry().getName()).isEqualTo("large.bin");
            assertThat(tar.getNextEntry().getName()).isEqualTo("small.txt");
            assertThat(tar.readAllBytes()).isEqualTo(SMALL);
            assertThat(tar.getNextEntry()).isNull();
        }
        assertThat(counted.count()).as("what was passed over counts as read").isGreaterThan(6 << 20);
    }

    @Test
    void read_largeFileRead_findsTheDamage() throws Exception {
        byte[] compressed = archiveWithADamagedLargeFile();

        try (RawNameTarInput tar = new RawNameTarInput(new ZstdFrameInput(new ByteArrayInputStream(compressed)))) {
            tar.getNextEntry();
            assertThatThrownBy(() -> tar.readAllBytes()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void nextEntry_streamThatCannotPassOver_readsTheRest() throws Exception {
        byte[] compressed = archiveWithADamagedLargeFile();
        // a stream that is not a DiscardableInput: what is left unread is read
        InputStream hidden = new java.io.FilterInputStream(new ZstdFrameInput(new ByteArrayInputStream(compressed))) {
        };

        try (RawNameTarInput tar = new RawNameTarInput(hidden)) {
            tar.getNextEntry();
            assertThatThrownBy(tar::getNextEntry).as("the damaged frame is read, and fails").isInstanceOf(IOException.class);
        }
    }
}
