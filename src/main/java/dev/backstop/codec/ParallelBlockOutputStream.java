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

/**
 * A compressed stream made of blocks compressed in parallel, the way pigz does it: the input is cut
 * into blocks, each block is compressed on a worker pool, and the results are written in order.
 * The {@link BlockCodec} decides the format: {@link GzipBlocks} makes ONE standard gzip member of
 * them, {@link ZstdFrames} a sequence of standard zstd frames; {@code gzip -d} and {@code zstd -d}
 * read either without backstop.
 *
 * <p>Threads: the caller's thread cuts blocks and shows each to the codec in order (gzip's CRC); the
 * pool compresses; one writer thread of this stream writes the blocks in order to {@code out}, so
 * whatever {@code out} does (hashing, counting, the file write) runs beside compression, not behind
 * it. Memory is bounded and on the Java heap: at most {@code inFlight} blocks are queued or being
 * compressed, and {@link #write} waits for room. A failure anywhere (a worker, {@code out}) surfaces
 * from the next {@link #write} or from {@link #close}. Not thread-safe for several writers, like any
 * OutputStream.
 */
public final class ParallelBlockOutputStream extends OutputStream {

    private static final CompletableFuture<byte[]> END = CompletableFuture.completedFuture(new byte[0]);

    private final OutputStream out;
    private final Executor pool;
    private final BlockCodec codec;
    private final int blockSize;
    private final BlockingQueue<CompletableFuture<byte[]>> queue;
    // input blocks whose compression is done, for reuse: a run allocates a few instead of one per block,
    // so fewer short-lived arrays outlive a young collection and settle in the old generation
    private final BlockingQueue<byte[]> spareBlocks;
    private final Thread writer;
    private byte[] block;
    private int filled;
    private byte[] dictionary;
    private volatile Throwable failure;
    private boolean closed;

    /**
     * @param out       receives the compressed stream; closed by {@link #close}
     * @param codec     the format; one instance per stream, since it may keep state (gzip's CRC)
     * @param blockSize bytes per block, at least the codec's dictionary
     * @param inFlight  blocks queued or compressing at most; memory is about
     *                  {@code 2 * inFlight * blockSize}
     * @param pool      runs the compression of blocks; shared between streams is fine
     */
    public ParallelBlockOutputStream(OutputStream out, BlockCodec codec, int blockSize, int inFlight, Executor pool) {
        if (blockSize < codec.dictionarySize() || blockSize < 1 || inFlight < 1) {
            throw new IllegalArgumentException("block size " + blockSize + " (at least " + Math.max(1, codec.dictionarySize())
                    + "), in flight " + inFlight + " (at least 1)");
        }
        this.out = out;
        this.codec = codec;
        this.blockSize = blockSize;
        this.pool = pool;
        this.queue = new ArrayBlockingQueue<>(inFlight);
        this.spareBlocks = new ArrayBlockingQueue<>(inFlight + 2);
        this.block = new byte[blockSize];
        this.writer = new Thread(this::writeBlocks, codec.name() + "-writer");
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
            throw new IOException(codec.name() + " stream already closed");
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
        codec.consumed(full, length);
        int keep = codec.dictionarySize();
        if (keep > 0 && length >= keep) {
            dictionary = Arrays.copyOfRange(full, length - keep, length);
        } else if (keep > 0 && length > 0) {
            dictionary = dictionary == null ? Arrays.copyOf(full, length) : joinTail(dictionary, full, length, keep);
        }
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        try {
            queue.put(done);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
            throw new InterruptedIOException("interrupted while waiting for " + codec.name() + " blocks to be written");
        }
        try {
            pool.execute(() -> {
                try {
                    done.complete(codec.compress(dict, full, length, last));
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                } finally {
                    // the codec saw it and the next block's dictionary was taken at submit: nothing reads this block any more
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

    /** The last {@code size} bytes of {@code previous} followed by the first {@code length} bytes of {@code next}. */
    private static byte[] joinTail(byte[] previous, byte[] next, int length, int size) {
        int keep = Math.min(previous.length, size - length);
        byte[] joined = new byte[keep + length];
        System.arraycopy(previous, previous.length - keep, joined, 0, keep);
        System.arraycopy(next, 0, joined, keep, length);
        return joined;
    }

    /** The writer thread: header, then each block in order as it is ready, until END. */
    private void writeBlocks() {
        boolean broken = false;
        try {
            out.write(codec.header());
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
            throw new IOException(codec.name() + " compression failed: " + io.getMessage(), io);
        }
        throw new IOException(codec.name() + " compression failed: " + t, t);
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
                out.write(codec.trailer());
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
}
