package dev.backstop.target;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Streams that misbehave at a chosen byte, for fault tests. */
public final class TestStreams {

    private TestStreams() {
    }

    /** Deterministic incompressible bytes. */
    public static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** Throws an IOException once {@code limit} bytes have been read. */
    public static InputStream failingAfter(InputStream in, long limit) {
        return new Tripwire(in, limit) {
            @Override
            void trip() throws IOException {
                throw new IOException("planted read failure after " + limit + " bytes");
            }
        };
    }

    /** Interrupts the reading thread once {@code limit} bytes have been read, and goes on. */
    public static InputStream interruptingAfter(InputStream in, long limit) {
        return new Tripwire(in, limit) {
            @Override
            void trip() {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Passes the bytes on with the byte at {@code position} flipped. */
    public static InputStream flippingByteAt(InputStream in, long position) {
        return new ByteFilter(in) {
            private long offset;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0 && position >= offset && position < offset + n) {
                    b[off + (int) (position - offset)] ^= 0x01;
                }
                offset += Math.max(n, 0);
                return n;
            }
        };
    }

    /**
     * Passes the bytes on; after the first read counts down {@code began} and, before the next,
     * waits for {@code other}: two transfers that meet this way are provably under way at once.
     * Fails the read when {@code other} does not come within 20 s.
     */
    public static InputStream meeting(InputStream in, CountDownLatch began, CountDownLatch other) {
        return new ByteFilter(in) {
            private boolean first = true;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (!first) {
                    await(other, "the other transfer did not begin within 20 s");
                }
                first = false;
                int n = super.read(b, off, len);
                began.countDown();
                return n;
            }
        };
    }

    /** Passes the bytes on and runs {@code closed} once the stream is closed. */
    public static InputStream onClose(InputStream in, Runnable closed) {
        return new FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    closed.run();
                }
            }
        };
    }

    /** Waits up to 20 s for {@code latch}; an IOException saying {@code otherwise} when it stays shut. */
    public static void await(CountDownLatch latch, String otherwise) throws IOException {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IOException(otherwise);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting: " + otherwise);
        }
    }

    /** A filter whose single-byte read goes through {@link #read(byte[], int, int)}, which subclasses change. */
    private abstract static class ByteFilter extends FilterInputStream {
        ByteFilter(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    private abstract static class Tripwire extends ByteFilter {
        private final long limit;
        private long count;
        private boolean tripped;

        Tripwire(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        abstract void trip() throws IOException;


        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (count >= limit && !tripped) {
                tripped = true;
                trip();
            }
            int n = super.read(b, off, tripped ? len : (int) Math.min(len, limit - count));
            count += Math.max(n, 0);
            return n;
        }
    }
}
