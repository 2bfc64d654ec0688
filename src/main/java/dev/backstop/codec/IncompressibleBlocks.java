package dev.backstop.codec;

import java.util.zip.Deflater;

/**
 * Tells whether a block of input is not worth deflating: data that is already compressed or
 * encrypted (images, audio, archives) gains well under 1% from deflate, yet costs it the most CPU
 * per byte. A block counts as incompressible only when both cheap tests agree:
 *
 * <ol>
 *   <li>Its byte histogram is flat: the sum of squared byte counts is at most 1/64 above
 *       n²/256, the value of a uniform distribution. Random bytes land at about n²/256 · (1 + 256/n);
 *       text, SQL, JSON, base64 and tar headers use few byte values and land at 2 to 256 times
 *       n²/256; a few percent of text in a block of noise already lifts it above the bound.
 *   <li>Its tail does not repeat what comes before it: deflate level 1 of the last 4 KiB, primed
 *       with the 32 KiB before them, saves less than 1/16. A flat histogram says nothing about
 *       repeats (the same small image twice in a tar), which deflate does find; repeats that end
 *       before the tail go unseen.
 * </ol>
 *
 * Blocks shorter than 32 KiB are never judged incompressible: their histogram is too noisy. The
 * histogram costs about 70 µs per 128 KiB, the probe about 200 µs more on a flat block; level 6
 * spends about 3 ms on such a block.
 */
final class IncompressibleBlocks {

    static final int MIN_LENGTH = 32 * 1024;
    static final int PROBE = 4 * 1024;
    private static final int WINDOW = 32 * 1024;

    private IncompressibleBlocks() {
    }

    /**
     * True if {@code block[0, length)} looks like already compressed data, which deflate shrinks by
     * about 1% at most: a block of noise with up to about 3% text in it still counts as such.
     */
    static boolean isIncompressible(byte[] block, int length) {
        return length >= MIN_LENGTH && hasFlatHistogram(block, length) && tailHasNoRepeats(block, length);
    }

    /** Sum of squared byte counts at most (n²/256) · (1 + 1/64); integer only, no overflow for any int length. */
    static boolean hasFlatHistogram(byte[] block, int length) {
        // four tables, so runs of one byte value (zero padding) do not serialise on a single counter
        int[] c0 = new int[256];
        int[] c1 = new int[256];
        int[] c2 = new int[256];
        int[] c3 = new int[256];
        int i = 0;
        for (; i + 3 < length; i += 4) {
            c0[block[i] & 0xff]++;
            c1[block[i + 1] & 0xff]++;
            c2[block[i + 2] & 0xff]++;
            c3[block[i + 3] & 0xff]++;
        }
        for (; i < length; i++) {
            c0[block[i] & 0xff]++;
        }
        long sumOfSquares = 0;
        for (int b = 0; b < 256; b++) {
            long count = (long) c0[b] + c1[b] + c2[b] + c3[b];
            sumOfSquares += count * count;
        }
        long square = (long) length * length;
        return sumOfSquares <= (square + (square >> 6)) >> 8;
    }

    /** Deflate level 1 of the last {@link #PROBE} bytes, primed with the window before them, saves under 1/16. */
    static boolean tailHasNoRepeats(byte[] block, int length) {
        int slice = Math.min(PROBE, length);
        int context = Math.min(WINDOW, length - slice);
        Deflater d = PROBES.get();
        d.reset();
        if (context > 0) {
            d.setDictionary(block, length - slice - context, context);
        }
        d.setInput(block, length - slice, slice);
        byte[] out = new byte[slice];
        int size = 0;
        while (!d.needsInput() && size < out.length) {
            size += d.deflate(out, size, out.length - size, Deflater.SYNC_FLUSH);
        }
        return size >= slice - slice / 16;
    }

    // one native deflater per pool thread, kept at level 1, for the probe only
    private static final ThreadLocal<Deflater> PROBES = ThreadLocal.withInitial(() -> new Deflater(1, true));
}
