package dev.backstop.codec;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Opens a component's stream by the compression its manifest entry names. */
public final class Decompression {

    private Decompression() {
    }

    /** @throws IOException for a compression this backstop does not know, naming it */
    public static InputStream open(String compression, InputStream in) throws IOException {
        return switch (compression == null ? "" : compression) {
            case "gzip" -> new GZIPInputStream(in, 1 << 16);
            case "zstd" -> new ZstdFrameInput(in);
            default -> throw new IOException("unknown compression '" + compression + "' (known: gzip, zstd)");
        };
    }
}
