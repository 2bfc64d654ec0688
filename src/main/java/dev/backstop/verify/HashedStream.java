package dev.backstop.verify;

import dev.backstop.core.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Copies or drains a stream while counting and hashing it, in constant memory, stopping at an interrupt. */
final class HashedStream {

    /** Bytes seen and their SHA-256. */
    record Result(long bytes, String sha256) {
    }

    /** Receives the running byte count, for progress. */
    interface Listener {
        void bytes(long total);
    }

    private HashedStream() {
    }

    static Result drain(InputStream in) throws IOException {
        return copy(in, OutputStream.nullOutputStream(), total -> { });
    }

    static Result copy(InputStream in, OutputStream out, Listener listener) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted");
            }
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
            total += n;
            listener.bytes(total);
        }
        return new Result(total, Sha256.hex(digest.digest()));
    }
}
