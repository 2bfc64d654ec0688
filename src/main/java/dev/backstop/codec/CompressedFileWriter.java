package dev.backstop.codec;

import dev.backstop.core.Sha256;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Set;

/**
 * The single pass of a component: raw bytes in, counted, compressed, counted again and hashed
 * on their way into one file. Nothing is read twice and nothing is copied aside.
 */
public final class CompressedFileWriter implements AutoCloseable {

    /** What was written, known once the stream is closed. */
    public record Result(long rawBytes, long bytes, String sha256) {
    }

    private final CountingOutputStream raw;
    private final CountingOutputStream stored;
    private final MessageDigest digest;
    private final OutputStream head;
    private Result result;

    private CompressedFileWriter(Path file, Compression compression) throws IOException {
        OutputStream fileOut = Channels.newOutputStream(Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
        this.digest = Sha256.newDigest();
        this.stored = new CountingOutputStream(new DigestOutputStream(new BufferedOutputStream(fileOut, 1 << 16), digest));
        this.raw = new CountingOutputStream(compression.compress(stored));
        this.head = new BufferedOutputStream(raw, 1 << 16);
    }

    /** Creates {@code file} (0600, must not exist) and returns a writer into it. */
    public static CompressedFileWriter create(Path file, Compression compression) throws IOException {
        return new CompressedFileWriter(file, compression);
    }

    /** The stream to write raw content into; do not close it, close this writer. */
    public OutputStream stream() {
        return head;
    }

    /** Raw bytes written so far; safe to call from another thread, for progress. */
    public long rawBytesSoFar() {
        return raw.count();
    }

    /** Finishes compression and closes the file; idempotent. */
    @Override
    public void close() throws IOException {
        if (result == null) {
            head.close();
            result = new Result(raw.count(), stored.count(), Sha256.hex(digest.digest()));
        }
    }

    /** Sizes and hash; only after {@link #close()}. */
    public Result result() {
        if (result == null) {
            throw new IllegalStateException("close the writer first");
        }
        return result;
    }
}
