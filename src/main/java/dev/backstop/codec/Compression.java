package dev.backstop.codec;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

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

    /** Wraps {@code out}; closing the result finishes the stream and closes {@code out}. */
    public OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case GZIP -> new GZIPOutputStream(out, 1 << 16);
            case ZSTD -> new ZstdOutputStream(out, 3).setWorkers(Math.max(0, Runtime.getRuntime().availableProcessors() - 1));
        };
    }
}
