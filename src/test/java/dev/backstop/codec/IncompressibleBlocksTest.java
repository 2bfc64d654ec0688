package dev.backstop.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IncompressibleBlocksTest {

    private static final int BLOCK = 128 * 1024;

    @TempDir
    Path dir;

    private static int deflatedSize(byte[] data, int level) {
        Deflater d = new Deflater(level, true);
        d.setInput(data);
        d.finish();
        byte[] out = new byte[data.length * 2 + 64];
        int size = d.deflate(out);
        d.end();
        return size;
    }

    @ParameterizedTest
    @ValueSource(ints = {IncompressibleBlocks.MIN_LENGTH, 100_000, BLOCK, 1 << 20})
    void isIncompressible_randomBytes_true(int size) {
        // given random bytes of many seeds, as from images, archives and encrypted files
        for (long seed = 1; seed <= 20; seed++) {
            byte[] block = Samples.random(size, seed);

            // when / then
            assertThat(IncompressibleBlocks.isIncompressible(block, size)).as("seed %d", seed).isTrue();
        }
    }

    @Test
    void isIncompressible_randomBytesShorterThanTheMinimum_false() {
        // given a short block (the last of a stream), whose histogram is too noisy to judge
        byte[] block = Samples.random(IncompressibleBlocks.MIN_LENGTH - 1, 3);

        // when / then
        assertThat(IncompressibleBlocks.isIncompressible(block, block.length)).isFalse();
    }

    @Test
    void isIncompressible_onlyTheGivenLengthCounts() {
        // given a buffer whose first block is noise and whose unused rest is zeros
        byte[] buffer = new byte[2 * BLOCK];
        System.arraycopy(Samples.random(BLOCK, 4), 0, buffer, 0, BLOCK);

        // when / then
        assertThat(IncompressibleBlocks.isIncompressible(buffer, BLOCK)).isTrue();
        assertThat(IncompressibleBlocks.isIncompressible(buffer, 2 * BLOCK)).isFalse();
    }

    @Test
    void hasFlatHistogram_textSqlJsonBase64HexAndZeros_false() {
        // given blocks of what a backup holds besides media
        byte[] json = Samples.repeat("{\"id\":1042,\"name\":\"Ada\",\"tags\":[\"a\",\"b\"],\"score\":0.931}\n"
                .getBytes(StandardCharsets.US_ASCII), BLOCK);
        byte[] base64 = Base64.getMimeEncoder().encode(Samples.random(BLOCK, 5));
        byte[] hex = java.util.HexFormat.of().formatHex(Samples.random(BLOCK / 2, 6)).getBytes(StandardCharsets.US_ASCII);

        // when / then
        for (byte[] block : List.of(Samples.prose(BLOCK, 1), Samples.sql(BLOCK, 1), json, base64, hex, new byte[BLOCK])) {
            assertThat(IncompressibleBlocks.hasFlatHistogram(block, BLOCK)).isFalse();
            assertThat(IncompressibleBlocks.isIncompressible(block, BLOCK)).isFalse();
        }
    }

    @Test
    void isIncompressible_tarOfSmallFiles_false() throws Exception {
        // given a tar made by tar: headers and padding between small text files
        Path src = Files.createDirectories(dir.resolve("src"));
        for (int i = 0; i < 200; i++) {
            Files.writeString(src.resolve("file" + i + ".php"), "<?php echo " + i + ";\n");
        }
        Process tar = new ProcessBuilder("tar", "-C", dir.toString(), "-cf", "-", "src").start();
        byte[] archive = tar.getInputStream().readAllBytes();
        assertThat(tar.waitFor()).isZero();

        // when / then
        assertThat(archive.length).isGreaterThanOrEqualTo(BLOCK);
        assertThat(IncompressibleBlocks.isIncompressible(archive, BLOCK)).isFalse();
    }

    @Test
    void isIncompressible_noiseAfterFivePercentSql_false() {
        // given the end of a dump and then an image, as at a file boundary in a tar: the tail is noise
        byte[] block = Samples.random(BLOCK, 7);
        int text = BLOCK / 20;
        System.arraycopy(Samples.sql(text, 2), 0, block, 0, text);

        // when / then: the histogram alone sees the text
        assertThat(IncompressibleBlocks.tailHasNoRepeats(block, BLOCK)).isTrue();
        assertThat(IncompressibleBlocks.hasFlatHistogram(block, BLOCK)).isFalse();
        assertThat(IncompressibleBlocks.isIncompressible(block, BLOCK)).isFalse();
    }

    @Test
    void isIncompressible_noiseAfterTwoPercentSql_trueAndLosesLittle() {
        // given the tolerance the class documents: up to about 3% of text in noise is stored
        byte[] block = Samples.random(BLOCK, 15);
        int text = BLOCK / 50;
        System.arraycopy(Samples.sql(text, 3), 0, block, 0, text);

        // when / then: stored, where level 6 would have saved under 1.5% of the block
        assertThat(IncompressibleBlocks.isIncompressible(block, BLOCK)).isTrue();
        assertThat(deflatedSize(block, 6)).isGreaterThan(BLOCK - BLOCK * 15 / 1000);
    }

    @Test
    void isIncompressible_noiseEndingInOnePercentSql_false() {
        // given noise whose last 1.3 KiB are text: too little for the histogram, seen by the probe of the tail
        byte[] block = Samples.random(BLOCK, 16);
        int text = BLOCK / 100;
        System.arraycopy(Samples.sql(text, 4), 0, block, BLOCK - text, text);

        // when / then
        assertThat(IncompressibleBlocks.hasFlatHistogram(block, BLOCK)).isTrue();
        assertThat(IncompressibleBlocks.tailHasNoRepeats(block, BLOCK)).isFalse();
        assertThat(IncompressibleBlocks.isIncompressible(block, BLOCK)).isFalse();
    }

    @Test
    void isIncompressible_8KiBOfNoiseRepeated16Times_falseAndBothTestsSeeIt() {
        // given noise that deflate shrinks to almost nothing, since each 8 KiB repeat is within its window
        byte[] block = Samples.repeat(Samples.random(8 * 1024, 8), BLOCK);
        assertThat(deflatedSize(block, 6)).isLessThan(BLOCK / 10);

        // when / then: the histogram is already uneven enough (it is 16 copies of one sample of 8 KiB)
        // and the probe finds the repeats too
        assertThat(IncompressibleBlocks.hasFlatHistogram(block, BLOCK)).isFalse();
        assertThat(IncompressibleBlocks.tailHasNoRepeats(block, BLOCK)).isFalse();
        assertThat(IncompressibleBlocks.isIncompressible(block, BLOCK)).isFalse();
    }

    @Test
    void isIncompressible_20KiBOfNoiseRepeated_falseThoughTheHistogramIsFlat() {
        // given a period long enough for a flat histogram, short enough for deflate's 32 KiB window
        byte[] block = Samples.repeat(Samples.random(20 * 1024, 9), BLOCK);
        assertThat(deflatedSize(block, 6)).isLessThan(BLOCK / 4);

        // when / then: only the level-1 probe of the tail sees it
        assertThat(IncompressibleBlocks.hasFlatHistogram(block, BLOCK)).isTrue();
        assertThat(IncompressibleBlocks.tailHasNoRepeats(block, BLOCK)).isFalse();
        assertThat(IncompressibleBlocks.isIncompressible(block, BLOCK)).isFalse();
    }

    @Test
    void isIncompressible_noiseRepeatedBeyondDeflatesWindow_true() {
        // given a period of 40 KiB: deflate cannot reach back that far, so storing loses nothing
        byte[] block = Samples.repeat(Samples.random(40 * 1024, 10), BLOCK);
        assertThat(deflatedSize(block, 6)).isGreaterThan(BLOCK);

        // when / then
        assertThat(IncompressibleBlocks.isIncompressible(block, BLOCK)).isTrue();
    }
}
