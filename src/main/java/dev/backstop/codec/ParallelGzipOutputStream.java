package dev.backstop.codec;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * gzip in parallel blocks, the way pigz does it: the input is cut into blocks, each block is
 * deflated on a worker pool as raw deflate ending on a sync flush (the last one finishing the
 * stream), primed with the previous block's last 32 KiB as dictionary so the ratio stays that
 * of plain gzip. The blocks are concatenated in order into ONE standard gzip member with its
 * CRC-32 and ISIZE, which {@code gzip -d}, {@code zcat} and {@code tar xzf} read. Blocks of
 * already compressed data are stored rather than deflated, as cheaply as a copy.
 *
 * <p>Threads: the caller's thread cuts blocks and computes the CRC; the pool deflates; one writer
 * thread of this stream writes the blocks in order to {@code out}, so whatever {@code out} does
 * (hashing, counting, the file write) runs beside compression, not behind it. Memory is bounded:
 * at most {@code inFlight} blocks are queued or being compressed, and {@link #write} waits for
 * room. A failure anywhere (a worker, {@code out}) surfaces from the next {@link #write} or from
 * {@link #close}. Not thread-safe for several writers, like any OutputStream.
 */
public final class ParallelGzipOutputStream extends OutputStream {

    /** Compresses one block; a seam for tests that need a worker to fail. */
    interface BlockDeflater {
        byte[] deflate(byte[] dictionary, byte[] block, int length, boolean last, int level) throws IOException;
    }

    static final int DICTIONARY = 32 * 1024;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final CompletableFuture<byte[]> END = CompletableFuture.completedFuture(new byte[0]);

    private final OutputStream out;
    private final Executor pool;
    private final BlockDeflater deflater;
    private final int level;
    private final int blockSize;
    private final BlockingQueue<CompletableFuture<byte[]>> queue;
    // input blocks whose compression is done, for reuse: a run allocates a few instead of one per 128 KiB,
    // so fewer short-lived arrays outlive a young collection and settle in the old generation
    private final BlockingQueue<byte[]> spareBlocks;
    private final Thread writer;
    private final CRC32 crc = new CRC32();
    private byte[] block;
    private int filled;
    private byte[] dictionary;
    private long total;
    private volatile Throwable failure;
    private boolean closed;

    /**
     * @param out       receives the gzip stream; closed by {@link #close}
     * @param level     deflate level 1-9 (6 is gzip's default)
     * @param blockSize bytes per block (pigz uses 128 KiB)
     * @param inFlight  blocks queued or compressing at most; memory is about
     *                  {@code 2 * inFlight * blockSize}
     * @param pool      runs the compression of blocks; shared between streams is fine
     */
    public ParallelGzipOutputStream(OutputStream out, int level, int blockSize, int inFlight, Executor pool) {
        this(out, level, blockSize, inFlight, pool, ParallelGzipOutputStream::deflateBlock);
    }

    ParallelGzipOutputStream(OutputStream out, int level, int blockSize, int inFlight, Executor pool,
                             BlockDeflater deflater) {
        if (blockSize < DICTIONARY || inFlight < 1 || level < 1 || level > 9) {
            throw new IllegalArgumentException("block size " + blockSize + " (at least " + DICTIONARY + "), in flight "
                    + inFlight + " (at least 1), level " + level + " (1-9)");
        }
        this.out = out;
        this.level = level;
        this.blockSize = blockSize;
        this.pool = pool;
        this.deflater = deflater;
        this.queue = new ArrayBlockingQueue<>(inFlight);
        this.spareBlocks = new ArrayBlockingQueue<>(inFlight + 2);
        this.block = new byte[blockSize];
        this.writer = new Thread(this::writeBlocks, "gzip-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("gzip stream already closed");
        }
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            int n = Math.min(len, blockSize - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == blockSize) {
                submit(false);
            }
        }
    }

    /** Hands the current block to the pool; waits while {@code inFlight} blocks are pending. */
    private void submit(boolean last) throws IOException {
        rethrow();
        byte[] full = block;
        int length = filled;
        byte[] dict = dictionary;
        crc.update(full, 0, length);
        total += length;
        if (length >= DICTIONARY) {
            dictionary = Arrays.copyOfRange(full, length - DICTIONARY, length);
        } else if (length > 0) {
            dictionary = dictionary == null ? Arrays.copyOf(full, length) : joinTail(dictionary, full, length);
        }
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        try {
            queue.put(done);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
            throw new InterruptedIOException("interrupted while waiting for gzip blocks to be written");
        }
        try {
            pool.execute(() -> {
                try {
                    done.complete(deflater.deflate(dict, full, length, last, level));
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                } finally {
                    // the CRC and the next block's dictionary were taken at submit: nothing reads this block any more
                    spareBlocks.offer(full);
                }
            });
        } catch (RuntimeException e) {
            // a rejected task must not leave the writer waiting for a block that never comes
            done.completeExceptionally(e);
        }
        if (last) {
            block = null;
        } else {
            byte[] spare = spareBlocks.poll();
            block = spare != null ? spare : new byte[blockSize];
        }
        filled = 0;
    }

    /** The last 32 KiB of {@code previous} followed by the first {@code length} bytes of {@code next}. */
    private static byte[] joinTail(byte[] previous, byte[] next, int length) {
        int keep = Math.min(previous.length, DICTIONARY - length);
        byte[] joined = new byte[keep + length];
        System.arraycopy(previous, previous.length - keep, joined, 0, keep);
        System.arraycopy(next, 0, joined, keep, length);
        return joined;
    }

    /** The writer thread: header, then each block in order as it is ready, until END. */
    private void writeBlocks() {
        boolean broken = false;
        try {
            out.write(HEADER);
        } catch (Throwable t) {
            fail(t);
            broken = true;
        }
        while (true) {
            CompletableFuture<byte[]> next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                fail(e);
                return;
            }
            if (next == END) {
                return;
            }
            if (broken) {
                continue; // keep draining so the producer never waits on a dead writer
            }
            try {
                out.write(next.get());
            } catch (ExecutionException e) {
                fail(e.getCause());
                broken = true;
            } catch (Throwable t) {
                fail(t);
                broken = true;
            }
        }
    }

    private void fail(Throwable t) {
        if (failure == null) {
            failure = t;
        }
    }

    private void rethrow() throws IOException {
        Throwable t = failure;
        if (t == null) {
            return;
        }
        if (t instanceof IOException io) {
            throw new IOException("gzip compression failed: " + io.getMessage(), io);
        }
        throw new IOException("gzip compression failed: " + t, t);
    }

    /** Compresses the last block, writes the trailer and closes {@code out}; idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (failure == null) {
                submit(true);
            }
        } finally {
            try {
                queue.put(END);
                writer.join(TimeUnit.MINUTES.toMillis(10));
            } catch (InterruptedException e) {
                fail(e);
                writer.interrupt();
                stopWriter();
            }
            try {
                rethrow();
                out.write(trailer(crc.getValue(), total));
            } finally {
                out.close();
            }
        }
    }

    /** Waits a little for the interrupted writer, so {@code out} is not closed under it; keeps the interrupt. */
    private void stopWriter() {
        Thread.interrupted();
        try {
            writer.join(5_000);
        } catch (InterruptedException ignored) {
            // the interrupt is restored below either way
        }
        Thread.currentThread().interrupt();
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
        java.util.zip.Deflater d = store ? STORING.get() : DEFLATERS.get();
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
            int n = d.deflate(buf, pos, buf.length - pos, last ? java.util.zip.Deflater.NO_FLUSH
                    : java.util.zip.Deflater.SYNC_FLUSH);
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
    private static final ThreadLocal<java.util.zip.Deflater> DEFLATERS =
            ThreadLocal.withInitial(() -> new java.util.zip.Deflater(6, true));
    // stored blocks get a deflater of their own: when a zlib stream leaves level 0 it may clear its hash,
    // and with it the dictionary just set for the next compressed block
    private static final ThreadLocal<java.util.zip.Deflater> STORING =
            ThreadLocal.withInitial(() -> new java.util.zip.Deflater(java.util.zip.Deflater.NO_COMPRESSION, true));
}
