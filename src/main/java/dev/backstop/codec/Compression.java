package dev.backstop.codec;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

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
     * every core: gzip in parallel blocks ({@link ParallelGzipOutputStream}, level 6 like gzip),
     * zstd level 3 (zstd's default) with its own worker threads.
     */
    public OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case GZIP -> new ParallelGzipOutputStream(out, GZIP_LEVEL, GZIP_BLOCK, gzipBlocksInFlight(CORES), GzipPool.POOL);
            case ZSTD -> new ZstdOutputStream(out, ZSTD_LEVEL).setWorkers(zstdWorkers(CORES)).setJobSize(ZSTD_JOB);
        };
    }

    /**
     * gzip blocks one stream keeps queued or compressing: enough to keep every core busy, at most 16
     * (about 4 MiB of heap per stream), so that a run's memory does not grow with the machine's cores.
     */
    static int gzipBlocksInFlight(int cores) {
        return Math.min(4 * cores, 16);
    }

    /** zstd worker threads per stream; each holds native buffers of a few MiB, so they are capped like gzip's blocks. */
    static int zstdWorkers(int cores) {
        return Math.min(cores, 4);
    }

    static final int CORES = Runtime.getRuntime().availableProcessors();
    static final int GZIP_LEVEL = 6;
    // pigz's block size; small enough to stay out of the JVM's humongous allocations
    static final int GZIP_BLOCK = 128 * 1024;
    static final int ZSTD_LEVEL = 3;
    // zstd's default job for level 3 is 8 MiB, buffered twice per worker per stream: 1 MiB keeps RSS low
    static final int ZSTD_JOB = 1 << 20;

    /** One pool for the gzip blocks of every stream of the process: one thread per core. */
    private static final class GzipPool {
        static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newFixedThreadPool(CORES, r -> {
            Thread t = new Thread(r, "gzip");
            t.setDaemon(true);
            return t;
        });
    }
}
