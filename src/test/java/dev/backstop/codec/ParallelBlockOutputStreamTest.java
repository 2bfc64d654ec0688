package dev.backstop.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelBlockOutputStreamTest {

    private static final int BLOCK = GzipBlocks.DICTIONARY;
    private static final int PRODUCT_BLOCK = Compression.GZIP_BLOCK;
    private static final Executor POOL = Samples.POOL;

    @TempDir
    Path dir;

    /** Text that compresses, with stretches of noise that do not: like a real application tree. */
    static byte[] mixed(int size, long seed) {
        Random random = new Random(seed);
        byte[] out = new byte[size];
        byte[] words = "SELECT id, name FROM users WHERE email = ? ORDER BY created_at; <div class=\"row\">\n"
                .getBytes(StandardCharsets.US_ASCII);
        int i = 0;
        while (i < size) {
            int run = Math.min(size - i, 1 + random.nextInt(20_000));
            if (random.nextInt(3) == 0) {
                byte[] noise = new byte[run];
                random.nextBytes(noise);
                System.arraycopy(noise, 0, out, i, run);
            } else {
                for (int k = 0; k < run; k++) {
                    out[i + k] = words[(k + random.nextInt(2)) % words.length];
                }
            }
            i += run;
        }
        return out;
    }

    private static byte[] gzip(byte[] data, int chunk) throws IOException {
        return Samples.compress(new GzipBlocks(6), BLOCK, POOL, data, chunk);
    }

    private static byte[] gzipInProductBlocks(byte[] data) throws IOException {
        return Samples.compress(new GzipBlocks(6), PRODUCT_BLOCK, POOL, data, data.length + 1);
    }

    private static byte[] plainGzip(byte[] data) throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(plain)) {
            gz.write(data);
        }
        return plain.toByteArray();
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 2 * BLOCK + 1, 3 * BLOCK - 1, 7 * BLOCK + 12_345})
    void close_sizesAroundBlockBoundaries_oneMemberWithCrcAndIsizeOfTheInput(int size) throws Exception {
        // given
        byte[] data = mixed(size, size);

        // when written in odd chunks
        byte[] gz = gzip(data, 10_007);

        // then it reads back whole, and the trailer carries CRC-32 and ISIZE of the input
        assertThat(gunzip(gz)).isEqualTo(data);
        ByteBuffer trailer = ByteBuffer.wrap(gz, gz.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
        CRC32 crc = new CRC32();
        crc.update(data);
        assertThat(trailer.getInt() & 0xffffffffL).isEqualTo(crc.getValue());
        assertThat(trailer.getInt()).isEqualTo(size);
        assertThat(gz[0] & 0xff).isEqualTo(0x1f);
        assertThat(gz[1] & 0xff).isEqualTo(0x8b);
    }

    @Test
    void write_zeroLengthWritesAndSingleBytes_sameStreamAsOneWrite() throws Exception {
        // given
        byte[] data = mixed(BLOCK * 2 + 3, 5);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        // when bytes come one by one, with empty writes between
        try (OutputStream gz = new ParallelBlockOutputStream(sink, new GzipBlocks(6), BLOCK, 2, POOL)) {
            for (byte b : data) {
                gz.write(new byte[0], 0, 0);
                gz.write(b);
            }
        }

        // then
        assertThat(gunzip(sink.toByteArray())).isEqualTo(data);
    }

    @Test
    void close_realGzipAndZcat_readItByteIdentical() throws Exception {
        // given about 3 MB across many blocks, written by the stream as the product configures it
        byte[] data = mixed(3_000_000, 42);
        Path file = dir.resolve("data.gz");
        try (OutputStream gz = Compression.GZIP.compress(Files.newOutputStream(file))) {
            gz.write(data);
        }

        // when
        byte[] byGzip = Samples.runTool(List.of("gzip", "-dc", file.toString()));
        byte[] byZcat = Samples.runTool(List.of("zcat", file.toString()));

        // then
        assertThat(byGzip).isEqualTo(data);
        assertThat(byZcat).isEqualTo(data);
        Samples.runTool(List.of("gzip", "-t", file.toString()));
    }

    @Test
    void close_tarThroughTheStream_tarXzfExtractsIt() throws Exception {
        // given a tar made by tar, compressed by the stream
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.write(src.resolve("a.bin"), mixed(400_000, 1));
        Files.write(src.resolve("b.txt"), "hello\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(src.resolve("c.jpg"), Samples.random(600_000, 2)); // stored blocks
        byte[] tar = Samples.runTool(List.of("tar", "-C", dir.toString(), "-cf", "-", "src"));
        Path tgz = dir.resolve("src.tar.gz");
        try (OutputStream gz = new ParallelBlockOutputStream(Files.newOutputStream(tgz), new GzipBlocks(6), BLOCK, 3, POOL)) {
            gz.write(tar);
        }
        Path out = Files.createDirectories(dir.resolve("out"));

        // when
        Samples.runTool(List.of("tar", "-C", out.toString(), "-xzf", tgz.toString()));

        // then
        assertThat(out.resolve("src/a.bin")).hasSameBinaryContentAs(src.resolve("a.bin"));
        assertThat(out.resolve("src/b.txt")).hasContent("hello");
        assertThat(out.resolve("src/c.jpg")).hasSameBinaryContentAs(src.resolve("c.jpg"));
    }

    @Test
    void close_randomBytes_storedAndRealGzipReadsThem() throws Exception {
        // given 8 blocks and a shorter last one of noise, as the product writes it (128 KiB blocks)
        byte[] data = Samples.random(8 * PRODUCT_BLOCK + 40_000, 11);
        Path file = dir.resolve("noise.gz");

        // when
        try (OutputStream gz = Compression.GZIP.compress(Files.newOutputStream(file))) {
            gz.write(data);
        }

        // then stored: 5 bytes per 64 KiB stored block and 5 per sync flush, about 20 bytes per block
        // (level 6 falls back to stored blocks here too, but of 16 KiB each: about 40 bytes per block)
        assertThat(Files.size(file)).isLessThanOrEqualTo(data.length + 18 + 9 * 24);
        assertThat(Samples.runTool(List.of("gzip", "-dc", file.toString()))).isEqualTo(data);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sql", "prose", "base64"})
    void close_textBlocks_compressedAsLevel6Does(String kind) throws Exception {
        // given 2 MiB that deflate shrinks: a dump, varied prose, base64 of noise
        int size = 2 << 20;
        byte[] data = switch (kind) {
            case "sql" -> Samples.sql(size, 12);
            case "prose" -> Samples.prose(size, 13);
            default -> java.util.Base64.getMimeEncoder().encode(Samples.random(size * 3 / 4, 14));
        };

        // when
        byte[] parallel = gzipInProductBlocks(data);

        // then
        assertThat(gunzip(parallel)).isEqualTo(data);
        assertThat((double) parallel.length).isLessThan(plainGzip(data).length * 1.01);
        assertThat(parallel.length).isLessThan(data.length * 8 / 10);
    }

    @ParameterizedTest
    @ValueSource(ints = {PRODUCT_BLOCK, 300_000})
    void close_noiseAlternatingWithText_realGzipReadsItAndSizeWithinOnePercentOfLevel6(int stretch) throws Exception {
        // given noise and SQL taking turns, in whole blocks and in stretches across block boundaries
        byte[] data = new byte[12 * stretch + 777];
        for (int i = 0, turn = 0; i < data.length; i += stretch, turn++) {
            int n = Math.min(stretch, data.length - i);
            byte[] part = turn % 2 == 0 ? Samples.random(n, turn) : Samples.sql(n, turn);
            System.arraycopy(part, 0, data, i, n);
        }
        Path file = dir.resolve("alternating.gz");

        // when
        try (OutputStream gz = Compression.GZIP.compress(Files.newOutputStream(file))) {
            gz.write(data);
        }

        // then
        assertThat(Samples.runTool(List.of("gzip", "-dc", file.toString()))).isEqualTo(data);
        assertThat((double) Files.size(file)).isLessThan(plainGzip(data).length * 1.01);
    }

    @ParameterizedTest
    @ValueSource(ints = {8 * 1024, 20 * 1024})
    void close_repeatedNoise_compressedNotStored(int period) throws Exception {
        // given noise that repeats within deflate's window: a flat histogram (for 20 KiB), yet compressible
        byte[] data = Samples.repeat(Samples.random(period, period), 1 << 20);

        // when
        byte[] parallel = gzipInProductBlocks(data);

        // then
        assertThat(gunzip(parallel)).isEqualTo(data);
        assertThat(parallel.length).isLessThan(data.length / 20);
        assertThat((double) parallel.length).isLessThan(plainGzip(data).length * 1.05);
    }

    @Test
    void close_compressibleData_ratioWithinTwoPercentOfPlainGzip() throws Exception {
        // given
        byte[] data = mixed(2_000_000, 9);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(plain)) {
            gz.write(data);
        }

        // when
        byte[] parallel = gzip(data, 65_536);

        // then the dictionary keeps the ratio of one deflate stream
        assertThat((double) parallel.length).isLessThan(plain.size() * 1.02);
    }

    @Test
    void trailer_moreThanFourGibibytes_isizeWrapsModuloTwoToThe32() {
        // given 5 GiB + 3 bytes of input
        long total = (5L << 30) + 3;

        // when
        ByteBuffer t = ByteBuffer.wrap(GzipBlocks.trailer(0xCAFEBABEL, total)).order(ByteOrder.LITTLE_ENDIAN);

        // then
        assertThat(t.getInt() & 0xffffffffL).isEqualTo(0xCAFEBABEL);
        assertThat(t.getInt() & 0xffffffffL).isEqualTo((1L << 30) + 3);
        assertThat(GzipBlocks.trailer(1, 1L << 32)).endsWith(0, 0, 0, 0);
    }

    @Test
    void write_workerFails_failureSurfacesAndOutputIsClosed() throws Exception {
        // given a codec that fails on the third block
        AtomicInteger blocks = new AtomicInteger();
        BlockCodec failing = new FailingCodec(new GzipBlocks(6), () -> blocks.incrementAndGet() == 3);
        ClosingSink sink = new ClosingSink(new ByteArrayOutputStream());
        OutputStream gz = new ParallelBlockOutputStream(sink, failing, BLOCK, 2, POOL);

        // when / then: a later write reports it, so does the close, which still closes the sink once
        assertThatThrownBy(() -> {
            for (int i = 0; i < 50; i++) {
                gz.write(new byte[BLOCK]);
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("gzip compression failed: block 3 failed on purpose");
        assertThatThrownBy(gz::close).isInstanceOf(IOException.class).hasMessageContaining("gzip compression failed: block 3 failed on purpose");
        gz.close();
        assertThat(sink.closes).isEqualTo(1);
    }

    @Test
    void close_outputFails_failureSurfaces() {
        // given a sink that refuses writes after the header
        OutputStream refusing = new OutputStream() {
            private int writes;

            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (++writes > 1) {
                    throw new IOException("disk full");
                }
            }
        };

        // when / then
        assertThatThrownBy(() -> {
            try (OutputStream gz = new ParallelBlockOutputStream(refusing, new GzipBlocks(6), BLOCK, 2, POOL)) {
                gz.write(mixed(BLOCK * 4, 3));
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("disk full");
    }

    @Test
    void close_twice_secondIsANoOpAndWritesAfterwardsFail() throws Exception {
        // given
        ClosingSink sink = new ClosingSink(new ByteArrayOutputStream());
        OutputStream gz = new ParallelBlockOutputStream(sink, new GzipBlocks(6), BLOCK, 2, POOL);
        gz.write(1);

        // when
        gz.close();
        gz.close();

        // then
        assertThat(sink.closes).isEqualTo(1);
        assertThat(gunzip(((ByteArrayOutputStream) sink.inner()).toByteArray())).containsExactly(1);
        assertThatThrownBy(() -> gz.write(2)).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void constructor_blockSmallerThanTheDictionary_refused() {
        assertThatThrownBy(() -> new ParallelBlockOutputStream(new ByteArrayOutputStream(), new GzipBlocks(6), 1024, 2, POOL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block size 1024");
    }


    /** Delegates to a real codec, and fails a block when told to. */
    private record FailingCodec(BlockCodec real, java.util.function.BooleanSupplier failNow) implements BlockCodec {
        @Override
        public String name() {
            return real.name();
        }

        @Override
        public int dictionarySize() {
            return real.dictionarySize();
        }

        @Override
        public byte[] header() {
            return real.header();
        }

        @Override
        public void consumed(byte[] block, int length) {
            real.consumed(block, length);
        }

        @Override
        public byte[] compress(byte[] dictionary, byte[] block, int length, boolean last) throws IOException {
            if (failNow.getAsBoolean()) {
                throw new IOException("block 3 failed on purpose");
            }
            return real.compress(dictionary, block, length, last);
        }

        @Override
        public byte[] trailer() {
            return real.trailer();
        }
    }

    private static final class ClosingSink extends FilterOutputStream {
        int closes;

        ClosingSink(OutputStream out) {
            super(out);
        }

        OutputStream inner() {
            return out;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            closes++;
            super.close();
        }
    }
}
