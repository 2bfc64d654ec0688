package dev.backstop.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading zstd frame by frame: the same bytes as zstd's own stream, and discarded stretches pass
 * over whole frames, read as zeros, and leave what follows them exact; for backstop's framed
 * files and for a stream another writer made of one frame without a size.
 */
class ZstdFrameInputTest {

    /** 5.5 MiB: stretches of text and of random bytes, so that frames differ in size and in kind. */
    private static final byte[] DATA = data();

    private static byte[] data() {
        Random random = new Random(19);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < 5_500_000) {
            if (random.nextBoolean()) {
                byte[] noise = new byte[random.nextInt(400_000)];
                random.nextBytes(noise);
                out.writeBytes(noise);
            } else {
                out.writeBytes(("line " + random.nextInt(1000) + " of a growing log\n").repeat(random.nextInt(20_000))
                        .getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toByteArray();
    }

    private static byte[] framed(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = Compression.ZSTD.compress(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] oneStream(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new ZstdOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void read_framedFile_givesTheContent() throws Exception {
        try (InputStream in = new ZstdFrameInput(new ByteArrayInputStream(framed(DATA)))) {
            assertThat(in.readAllBytes()).isEqualTo(DATA);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void readsAndDiscards_framedOrOneStream_discardedReadAsZerosAndTheRestExact(int seed) throws Exception {
        byte[] compressed = seed % 2 == 0 ? framed(DATA) : oneStream(DATA);
        Random random = new Random(seed);
        try (ZstdFrameInput in = new ZstdFrameInput(new ByteArrayInputStream(compressed))) {
            int at = 0;
            while (at < DATA.length) {
                int n = Math.min(DATA.length - at, 1 + random.nextInt(random.nextBoolean() ? 3_000_000 : 70_000));
                byte[] got = new byte[n];
                boolean discard = random.nextBoolean();
                if (discard) {
                    in.discardNext(n);
                }
                assertThat(in.readNBytes(got, 0, n)).isEqualTo(n);
                byte[] expected = discard ? new byte[n] : Arrays.copyOfRange(DATA, at, at + n);
                assertThat(got).as("%s of %d bytes at %d", discard ? "discarded" : "read", n, at).isEqualTo(expected);
                at += n;
            }
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void discardNext_wholeFrames_areNotDecompressed() throws Exception {
        // given a byte changed in the middle of the file, which decompressing its frame would find
        byte[] compressed = damagedMidway();
        assertReadFails(compressed);

        // when the frames around it are discarded: from the second to the fifth (1 MiB each)
        try (ZstdFrameInput in = new ZstdFrameInput(new ByteArrayInputStream(compressed))) {
            byte[] head = in.readNBytes(Compression.ZSTD_BLOCK);
            in.discardNext(4L * Compression.ZSTD_BLOCK);
            in.skipNBytes(4L * Compression.ZSTD_BLOCK);

            // then what is read on either side is exact: the damaged frame was passed over by its headers
            assertThat(head).isEqualTo(Arrays.copyOf(DATA, Compression.ZSTD_BLOCK));
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(DATA, 5 * Compression.ZSTD_BLOCK, DATA.length));
        }
    }

    @Test
    void read_skippableFrameBetweenFrames_isPassedOver() throws Exception {
        byte[] first = framed(Arrays.copyOf(DATA, 1000));
        byte[] second = framed(Arrays.copyOfRange(DATA, 1000, 3000));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(first);
        file.writeBytes(new byte[] {0x50, 0x2A, 0x4D, 0x18, 5, 0, 0, 0, 'h', 'e', 'l', 'l', 'o'});
        file.writeBytes(second);

        try (InputStream in = new ZstdFrameInput(new ByteArrayInputStream(file.toByteArray()))) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOf(DATA, 3000));
        }
    }

    @Test
    void discardNext_pastTheEnd_fails() throws Exception {
        try (ZstdFrameInput in = new ZstdFrameInput(new ByteArrayInputStream(framed(DATA)))) {
            assertThatThrownBy(() -> in.discardNext(DATA.length + 1L)).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void read_aByteOfAFrameChanged_failsTheFrame() throws Exception {
        assertReadFails(damagedMidway());
    }

    /** The framed {@link #DATA} with one byte changed in the middle, inside a frame. */
    private static byte[] damagedMidway() throws IOException {
        byte[] compressed = framed(DATA);
        compressed[compressed.length / 2] ^= 0x5A;
        return compressed;
    }

    private static void assertReadFails(byte[] compressed) throws IOException {
        try (InputStream in = new ZstdFrameInput(new ByteArrayInputStream(compressed))) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
        }
    }

    @Test
    void readAndDiscard_fileCutInAFrame_fail() throws Exception {
        byte[] compressed = framed(DATA);
        byte[] cut = Arrays.copyOf(compressed, compressed.length - 1000);

        try (InputStream in = new ZstdFrameInput(new ByteArrayInputStream(cut))) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(EOFException.class);
        }
        try (ZstdFrameInput in = new ZstdFrameInput(new ByteArrayInputStream(cut))) {
            assertThatThrownBy(() -> in.discardNext(DATA.length)).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void read_notZstd_saysSo() {
        assertThatThrownBy(() -> new ZstdFrameInput(new ByteArrayInputStream("plain text".getBytes(StandardCharsets.US_ASCII)))
                .readAllBytes()).isInstanceOf(IOException.class).hasMessageContaining("not zstd data");
    }
}
