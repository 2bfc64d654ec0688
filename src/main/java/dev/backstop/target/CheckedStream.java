package dev.backstop.target;

import dev.backstop.core.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;

/**
 * An input stream that hashes and counts what passes through it and stops at a thread
 * interrupt, or when its {@link Stop} says so. Uploads and read-backs go through it, so the
 * committer hashes in the same pass as it copies, and a cancelled run, or a commit that failed on
 * another thread, stops within one buffer even on storage whose I/O ignores interrupts.
 */
public final class CheckedStream extends FilterInputStream {

    /** Asked before every read; throws to end the stream, e.g. once the commit it serves has ended. */
    @FunctionalInterface
    public interface Stop {
        void check() throws IOException;
    }

    public static final Stop NEVER = () -> { };

    private final MessageDigest digest = Sha256.newDigest();
    private final Stop stop;
    private long count;

    public CheckedStream(InputStream in) {
        this(in, NEVER);
    }

    public CheckedStream(InputStream in, Stop stop) {
        super(in);
        this.stop = stop;
    }

    @Override
    public int read() throws IOException {
        checkStopped();
        int b = super.read();
        if (b >= 0) {
            digest.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        checkStopped();
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            digest.update(buffer, offset, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // a skipped byte would be missing from the hash
        throw new IOException("skip is not supported while hashing");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    /** Lower-case hex SHA-256 of the bytes read so far; call once, at the end. */
    public String sha256() {
        return Sha256.hex(digest.digest());
    }

    /** Reads the stream to its end, for a read-back. */
    public CheckedStream drain() throws IOException {
        byte[] buffer = new byte[1 << 16];
        while (read(buffer, 0, buffer.length) >= 0) {
            // hashing happens in read
        }
        return this;
    }

    private void checkStopped() throws IOException {
        // the flag stays set, so the committer sees it and reports an interrupt, not an I/O error
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted");
        }
        stop.check();
    }
}
