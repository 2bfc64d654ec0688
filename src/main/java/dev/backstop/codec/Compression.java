package dev.backstop.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The compression of every component of a backup. Each writes a standard stream that
 * {@code gzip -d} or {@code zstd -d} reads without backstop.
 */
public enum Compression {
    GZIP("gz"),
    ZSTD("zst");

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    /** The file name suffix without the dot: gz or zst. */
    public String suffix() {
        return suffix;
    }

    /** The configuration word: gzip or zstd. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the configuration word; IllegalArgumentException names the accepted ones. */
    public static Compression parse(String word) {
        for (Compression c : values()) {
            if (c.configName().equals(word)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression '" + word + "' (known: gzip, zstd)");
    }

    /**
     * Wraps {@code out}; closing the result finishes the stream and closes {@code out}. Both use
     * every core, in parallel blocks ({@link ParallelBlockOutputStream}) on one pool for the whole
     * process: gzip level 6 like gzip, zstd level 3 (zstd's default).
     */
    public OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case GZIP -> new ParallelBlockOutputStream(out, new GzipBlocks(GZIP_LEVEL), GZIP_BLOCK,
                    gzipBlocksInFlight(CORES), CompressionPool.POOL);
            case ZSTD -> new ParallelBlockOutputStream(out, new ZstdFrames(ZSTD_LEVEL), ZSTD_BLOCK,
                    zstdBlocksInFlight(CORES), CompressionPool.POOL);
        };
    }

    /**
     * gzip blocks one stream keeps queued or compressing: enough to keep every core busy, at most 16
     * (about 4 MiB of heap per stream), so that a run's memory does not grow with the machine's cores.
     */
    static int gzipBlocksInFlight(int cores) {
        return Math.min(4 * cores, 16);
    }

    /** zstd blocks one stream keeps queued or compressing: two per core, at most 8 (about 16 MiB of heap per stream). */
    static int zstdBlocksInFlight(int cores) {
        return Math.min(2 * cores, 8);
    }

    static final int CORES = Runtime.getRuntime().availableProcessors();
    static final int GZIP_LEVEL = 6;
    // pigz's block size; small enough to stay out of the JVM's humongous allocations
    static final int GZIP_BLOCK = 128 * 1024;
    static final int ZSTD_LEVEL = 3;
    // each block is a frame of its own: 1 MiB costs 1.7% of ratio against one frame, 4 MiB 0.4% but 4 times the heap
    static final int ZSTD_BLOCK = 1 << 20;

    /** How long an idle compression thread waits for a block before it ends. */
    static final java.time.Duration IDLE = java.time.Duration.ofSeconds(1);

    /**
     * One pool for the blocks of every stream of the process, one thread per core: a run compresses
     * several components at once, and one pool keeps them all to the cores together, which a pool per
     * stream would not (and a pool per run would have to be handed down to every writer). Its threads
     * are daemons, so they never keep the JVM alive, and they end after {@link #IDLE} without a block,
     * so the pool holds no thread while nothing compresses and needs no shutdown.
     */
    private static final class CompressionPool {
        static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(CORES, CORES, IDLE.toMillis(), TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "compress");
                    t.setDaemon(true);
                    return t;
                });

        static {
            POOL.allowCoreThreadTimeOut(true);
        }

        private CompressionPool() {
        }
    }
}
