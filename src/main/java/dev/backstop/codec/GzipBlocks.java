package dev.backstop.codec;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip as pigz writes it: each block is raw deflate ending on a sync flush (the last one finishing
 * the stream), primed with the previous block's last 32 KiB as dictionary so the ratio stays that
 * of plain gzip. Concatenated in order they form ONE standard gzip member with its CRC-32 and
 * ISIZE, which {@code gzip -d}, {@code zcat} and {@code tar xzf} read. Blocks of already compressed
 * data are stored rather than deflated, as cheaply as a copy.
 */
final class GzipBlocks implements BlockCodec {

    static final int DICTIONARY = 32 * 1024;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final int level;
    private final CRC32 crc = new CRC32();
    private long total;

    /** @param level deflate level 1-9 (6 is gzip's default) */
    GzipBlocks(int level) {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("gzip level " + level + " (1-9)");
        }
        this.level = level;
    }

    @Override
    public String name() {
        return "gzip";
    }

    @Override
    public int dictionarySize() {
        return DICTIONARY;
    }

    @Override
    public byte[] header() {
        return HEADER.clone();
    }

    @Override
    public void consumed(byte[] block, int length) {
        crc.update(block, 0, length);
        total += length;
    }

    @Override
    public byte[] compress(byte[] dictionary, byte[] block, int length, boolean last) {
        return deflateBlock(dictionary, block, length, last, level);
    }

    @Override
    public byte[] trailer() {
        return trailer(crc.getValue(), total);
    }

    /** CRC-32 and ISIZE, little-endian; ISIZE is the input size modulo 2^32 (RFC 1952). */
    static byte[] trailer(long crc32, long totalBytes) {
        byte[] t = new byte[8];
        for (int i = 0; i < 4; i++) {
            t[i] = (byte) (crc32 >>> (8 * i));
            t[4 + i] = (byte) (totalBytes >>> (8 * i));
        }
        return t;
    }

    /**
     * Raw deflate of one block, primed with {@code dictionary}, ending on a sync flush or, if last, the end.
     * An incompressible block (see {@link IncompressibleBlocks}) goes out as stored deflate blocks instead:
     * level 6 would spend its slowest work on it, about 40 MB/s per core, to gain nothing. Stored blocks are
     * part of the same deflate stream, read by every inflater; the next block's dictionary is unaffected.
     */
    static byte[] deflateBlock(byte[] dictionary, byte[] block, int length, boolean last, int level) {
        boolean store = IncompressibleBlocks.isIncompressible(block, length);
        Deflater d = store ? STORING.get() : DEFLATERS.get();
        d.reset();
        if (!store) {
            d.setLevel(level);
            if (dictionary != null) {
                d.setDictionary(dictionary);
            }
        }
        d.setInput(block, 0, length);
        if (last) {
            d.finish();
        }
        // deflate into this thread's scratch buffer, then copy out exactly what was produced
        byte[] buf = SCRATCH.get();
        if (buf.length < length + (length >> 10) + 64) {
            buf = new byte[length + (length >> 10) + 64];
            SCRATCH.set(buf);
        }
        int pos = 0;
        while (true) {
            int n = d.deflate(buf, pos, buf.length - pos, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
            pos += n;
            boolean done = last ? d.finished() : pos < buf.length && d.needsInput();
            if (done) {
                return Arrays.copyOf(buf, pos);
            }
            if (pos == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
                SCRATCH.set(buf);
            }
        }
    }

    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);
    // one native deflater per pool thread, reset for every block; the pool's threads live as long as the process
    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(6, true));
    // stored blocks get a deflater of their own: when a zlib stream leaves level 0 it may clear its hash,
    // and with it the dictionary just set for the next compressed block
    private static final ThreadLocal<Deflater> STORING =
            ThreadLocal.withInitial(() -> new Deflater(Deflater.NO_COMPRESSION, true));
}
