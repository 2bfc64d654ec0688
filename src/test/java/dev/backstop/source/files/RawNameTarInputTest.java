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

    /** A plain tar: files of odd sizes, one behind an extended header (its long name), a directory between. */
    private static byte[] archiveOfOddSizes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            String longName = "d/" + "n".repeat(150) + ".txt";
            for (String name : new String[] {"a.txt", "d/", longName, "b.txt"}) {
                TarArchiveEntry e = new TarArchiveEntry(name);
                byte[] content = name.endsWith("/") ? new byte[0] : content(name);
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    /** Content whose size is no multiple of 512, so that padding follows it. */
    private static byte[] content(String name) {
        return (name + "\n").repeat(700 / name.length() + 1).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void nextEntry_afterContentReadInPartOrNotAtAll_readsEachEntryExact() throws Exception {
        byte[] archive = archiveOfOddSizes();

        try (RawNameTarInput tar = new RawNameTarInput(new ByteArrayInputStream(archive))) {
            tar.getNextEntry();
            assertThat(tar.readNBytes(3)).as("a.txt read in part").isEqualTo("a.t".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(tar.getNextEntry().getName())).isEqualTo("d/");
            TarArchiveEntry longOne = tar.getNextEntry();
            assertThat(new String(tar.name(), StandardCharsets.US_ASCII)).as("the name from the extended header")
                    .isEqualTo(longOne.getName()).hasSize(156);
            // left unread: the padding after it is passed over with it
            TarArchiveEntry last = tar.getNextEntry();
            assertThat(last.getName()).isEqualTo("b.txt");
            assertThat(tar.readAllBytes()).isEqualTo(content("b.txt"));
            assertThat(tar.getNextEntry()).isNull();
        }
    }

    @Test
    void nextEntry_archiveCutInThePaddingAfterAnEntry_fails() throws Exception {
        byte[] archive = archiveOfOddSizes();
        int cut = 512 + content("a.txt").length + 10; // a.txt's header, its content, part of its padding

        try (RawNameTarInput tar = new RawNameTarInput(new ByteArrayInputStream(java.util.Arrays.copyOf(archive, cut)))) {
            tar.getNextEntry();
            assertThatThrownBy(tar::getNextEntry).isInstanceOf(IOException.class).hasMessageContaining("truncated")
                    .hasMessageContaining("a.txt");
        }
    }
}
