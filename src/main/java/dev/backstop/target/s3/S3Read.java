package dev.backstop.target.s3;

import dev.backstop.target.TransientIOException;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * An object's bytes. Opened at once, so that a missing object fails the open; a skip of more
 * than a little reopens with a byte range instead of downloading what is skipped, which is how
 * {@link dev.backstop.target.RetryingTarget} continues a cut read cheaply.
 */
final class S3Read extends InputStream {

    private static final long SKIP_BY_RANGE = 256 << 10;

    private final S3Client client;
    private final String bucket;
    private final String key;
    private final String where;
    private ResponseInputStream<GetObjectResponse> current;
    private long position;
    private long size;

    S3Read(S3Client client, String bucket, String key, String where) throws IOException {
        this.client = client;
        this.bucket = bucket;
        this.key = key;
        this.where = where;
        open();
        size = current.response().contentLength();
    }

    private void open() throws IOException {
        try {
            String range = position == 0 ? null : "bytes=" + position + "-";
            current = client.getObject(b -> b.bucket(bucket).key(key).range(range));
        } catch (SdkException e) {
            throw S3Errors.map(e, "reading " + key, where);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (current == null) {
            if (position >= size) {
                return -1;
            }
            open();
        }
        int n;
        try {
            n = current.read(b, off, len);
        } catch (SdkException e) {
            throw S3Errors.map(e, "reading " + key, where);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            throw new TransientIOException("reading " + key + " from " + where + " at byte " + position + ": "
                    + S3Errors.describe(e), e);
        }
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= SKIP_BY_RANGE || current == null && position >= size) {
            return super.skip(n);
        }
        long skipped = Math.min(n, size - position);
        closeCurrent();
        position += skipped;
        return skipped;
    }

    private void closeCurrent() {
        if (current != null) {
            // abort, not close: closing drains the rest of the body into nowhere
            current.abort();
            try {
                current.close();
            } catch (IOException ignored) {
                // the connection is dropped either way
            }
            current = null;
        }
    }

    @Override
    public void close() {
        closeCurrent();
    }
}
