package dev.backstop.target;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A read of a stored file that a transient failure does not end: the file is reopened through a
 * {@link RetryLoop} and read on from the byte where the cut came.
 */
final class ResumingRead extends FilterInputStream {

    private final Target delegate;
    private final RetryLoop retries;
    private final String path;
    private long position;

    private ResumingRead(Target delegate, RetryLoop retries, String path, InputStream first) {
        super(first);
        this.delegate = delegate;
        this.retries = retries;
        this.path = path;
    }

    /** {@link Target#read}, opened and resumed with {@code retries}. */
    static InputStream open(Target delegate, RetryLoop retries, String path) throws IOException {
        return new ResumingRead(delegate, retries, path, retries.run("opening " + path, () -> delegate.read(path)));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = in.read(b, off, len);
            position += Math.max(n, 0);
            return n;
        } catch (TransientIOException e) {
            closeQuietly(in);
            in = retries.run("reading " + path + " from byte " + position, () -> {
                InputStream again = delegate.read(path);
                again.skipNBytes(position);
                return again;
            });
            return read(b, off, len);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        position += skipped;
        return skipped;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the stream already failed; its replacement is what counts
        }
    }
}
