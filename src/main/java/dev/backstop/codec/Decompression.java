package dev.backstop.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/** Opens a component's stream by the compression its manifest entry names. */
public final class Decompression {

    /** The first bytes of a zstd frame (0xFD2FB528, little-endian). */
    private static final byte[] ZSTD_MAGIC = {(byte) 0x28, (byte) 0xB5, (byte) 0x2F, (byte) 0xFD};

    private Decompression() {
    }

    /**
     * {@code in} decompressed when it starts with zstd's magic number, else as it is: for files
     * that backstop kept plain in earlier versions and compresses now.
     */
    public static InputStream zstdOrPlain(InputStream in) throws IOException {
        PushbackInputStream peek = new PushbackInputStream(in, ZSTD_MAGIC.length);
        byte[] start = peek.readNBytes(ZSTD_MAGIC.length);
        peek.unread(start);
        return Arrays.equals(start, ZSTD_MAGIC) ? new ZstdFrameInput(peek) : peek;
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
