package dev.backstop.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZstdFramesTest {

    private static final int BLOCK = 64 * 1024;
    private static final Executor POOL = Samples.POOL;

    @TempDir
    Path dir;

    private static byte[] zstdInSmallBlocks(byte[] data, int chunk) throws IOException {
        return Samples.compress(new ZstdFrames(3), BLOCK, POOL, data, chunk);
    }

    private static byte[] unzstd(byte[] packed) throws IOException {
        try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(packed))) {
            return in.readAllBytes();
        }
    }

    private Path compressAsTheProductDoes(String name, byte[] data) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Compression.ZSTD.compress(Files.newOutputStream(file))) {
            out.write(data);
        }
        return file;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 12_345})
    void close_sizesAroundBlockBoundaries_framesReadBackWhole(int size) throws Exception {
        // given
        byte[] data = ParallelBlockOutputStreamTest.mixed(size, size);

        // when written in odd chunks
        byte[] packed = zstdInSmallBlocks(data, 10_007);

        // then the library's stream reader, which the verification uses, reads every frame
        assertThat(unzstd(packed)).isEqualTo(data);
        assertThat(packed).startsWith(0x28, (byte) 0xb5, 0x2f, (byte) 0xfd);
    }

    @Test
    void close_realZstd_readsEveryFrameByteIdentical() throws Exception {
        // given about 3.5 MB: four 1 MiB frames as the product configures it
        byte[] data = ParallelBlockOutputStreamTest.mixed(3_500_000, 42);
        Path file = compressAsTheProductDoes("data.zst", data);

        // when
        byte[] byZstd = Samples.runTool(List.of("zstd", "-q", "-dc", file.toString()));
        String listing = new String(Samples.runTool(List.of("zstd", "-lv", file.toString())), StandardCharsets.UTF_8);

        // then
        assertThat(byZstd).isEqualTo(data);
        assertThat(listing).containsPattern("Frames:\\s*4\\b").contains("XXH64");
        Samples.runTool(List.of("zstd", "-q", "-t", file.toString()));
    }

    @Test
    void close_emptyInput_oneEmptyFrameThatZstdReads() throws Exception {
        // when
        Path file = compressAsTheProductDoes("empty.zst", new byte[0]);

        // then
        assertThat(Files.size(file)).isPositive();
        assertThat(Samples.runTool(List.of("zstd", "-q", "-dc", file.toString()))).isEmpty();
    }

    @Test
    void close_tarThroughTheStream_tarExtractsIt() throws Exception {
        // given a tar made by tar, compressed by the stream
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.write(src.resolve("a.sql"), Samples.sql(2_500_000, 1));
        Files.write(src.resolve("b.jpg"), Samples.random(900_000, 2));
        byte[] tar = Samples.runTool(List.of("tar", "-C", dir.toString(), "-cf", "-", "src"));
        Path tzst = compressAsTheProductDoes("src.tar.zst", tar);
        Path out = Files.createDirectories(dir.resolve("out"));

        // when
        Samples.runTool(List.of("tar", "-C", out.toString(), "-I", "zstd", "-xf", tzst.toString()));

        // then
        assertThat(out.resolve("src/a.sql")).hasSameBinaryContentAs(src.resolve("a.sql"));
        assertThat(out.resolve("src/b.jpg")).hasSameBinaryContentAs(src.resolve("b.jpg"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sql", "prose"})
    void close_textData_ratioWithinThreePercentOfOneFrame(String kind) throws Exception {
        // given 6 MiB that zstd shrinks
        int size = 6 << 20;
        byte[] data = kind.equals("sql") ? Samples.sql(size, 12) : Samples.prose(size, 13);

        // when
        Path file = compressAsTheProductDoes(kind + ".zst", data);

        // then independent 1 MiB frames cost little against one frame at the same level
        long oneFrame = Zstd.compress(data, Compression.ZSTD_LEVEL).length;
        assertThat((double) Files.size(file)).isLessThan(oneFrame * 1.03);
        assertThat(Files.size(file)).isLessThan(data.length / 2);
    }

    @Test
    void close_oneByteFlipped_checksumOfTheFrameCatchesIt() throws Exception {
        // given a stored file whose payload is then damaged in its middle
        byte[] data = Samples.sql(2_000_000, 7);
        Path file = compressAsTheProductDoes("damaged.zst", data);
        byte[] packed = Files.readAllBytes(file);
        packed[packed.length / 2] ^= 0x40;
        Files.write(file, packed);

        // when / then zstd refuses it rather than restoring altered bytes
        Process p = new ProcessBuilder("zstd", "-q", "-t", file.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isNotZero();
        assertThatThrownBy(() -> unzstd(packed)).isInstanceOf(IOException.class);
    }

    @Test
    void constructor_levelOutOfRange_refused() {
        assertThatThrownBy(() -> new ZstdFrames(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1-19");
        assertThatThrownBy(() -> new ZstdFrames(20)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1-19");
    }
}
