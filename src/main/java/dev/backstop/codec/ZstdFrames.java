package dev.backstop.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.util.Arrays;

/**
 * zstd as a sequence of independent standard frames, one per block, each with its content size and
 * its checksum: the format defines a file of several frames as their concatenation, which
 * {@code zstd -d} and {@code zstd -t} read like any other. Independent 1 MiB frames cost about
 * 1.7% of ratio against one frame at the same level; in exchange the memory is the blocks on the
 * Java heap plus one compression context per pool thread, where zstd's own worker threads keep
 * native buffers per stream whose size swings by tens of MiB during a run.
 */
final class ZstdFrames implements BlockCodec {

    private final int level;

    /** @param level zstd level 1-19 (3 is zstd's default) */
    ZstdFrames(int level) {
        if (level < 1 || level > 19) {
            throw new IllegalArgumentException("zstd level " + level + " (1-19)");
        }
        this.level = level;
    }

    @Override
    public String name() {
        return "zstd";
    }

    @Override
    public int dictionarySize() {
        return 0;
    }

    @Override
    public byte[] header() {
        return new byte[0];
    }

    @Override
    public void consumed(byte[] block, int length) {
        // each frame carries its own checksum, computed by the worker
    }

    @Override
    public byte[] compress(byte[] dictionary, byte[] block, int length, boolean last) throws IOException {
        byte[] buf = SCRATCH.get();
        int bound = Math.toIntExact(Zstd.compressBound(length));
        if (buf.length < bound) {
            buf = new byte[bound];
            SCRATCH.set(buf);
        }
        ZstdCompressCtx ctx = CONTEXTS.get();
        ctx.setLevel(level);
        try {
            int n = ctx.compressByteArray(buf, 0, buf.length, block, 0, length);
            return Arrays.copyOf(buf, n);
        } catch (ZstdException e) {
            throw new IOException("zstd could not compress a block of " + length + " bytes: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] trailer() {
        return new byte[0];
    }

    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);
    // one native context per pool thread, reused for every frame; the pool's threads live as long as the process
    private static final ThreadLocal<ZstdCompressCtx> CONTEXTS = ThreadLocal.withInitial(
            () -> new ZstdCompressCtx().setChecksum(true).setContentSize(true));
}
