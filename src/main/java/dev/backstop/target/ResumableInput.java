package dev.backstop.target;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that keeps the last bytes it delivered, so that an upload cut by a transient
 * failure can go back to where the storage stopped without reading the source twice. The
 * source (the committer's hashing stream) sees every byte exactly once.
 */
final class ResumableInput extends InputStream {

    private static final int FIRST_RING = 64 * 1024;

    private final InputStream source;
    /** Grows with the bytes read up to {@link #keep}, so that a small file never costs the whole ring. */
    private byte[] ring;
    private final int keep;
    /** Next position to deliver. */
    private long position;
    /** Bytes read from the source so far. */
    private long high;

    ResumableInput(InputStream source, int keep) {
        this.source = source;
        this.keep = keep;
        this.ring = new byte[Math.min(keep, FIRST_RING)];
    }

    /** Position of the next byte delivered. */
    long position() {
        return position;
    }

    /** The lowest position this stream can still go back to. */
    long oldestKept() {
        return Math.max(0, high - keep);
    }

    /** Goes back (or forward, within what was read) to {@code to}; replays kept bytes from there. */
    void rewindTo(long to) throws IOException {
        if (to < oldestKept() || to > high) {
            throw new IOException("cannot resume at byte " + to + ": only bytes " + oldestKept() + " to " + high
                    + " are still at hand");
        }
        position = to;
    }

    /** A copy of the kept bytes [from, to). */
    byte[] kept(long from, long to) {
        if (from < oldestKept() || to > high || from > to) {
            throw new IllegalArgumentException("bytes " + from + " to " + to + " are not kept");
        }
        byte[] out = new byte[(int) (to - from)];
        copyFromRing(from, out, 0, out.length);
        return out;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position < high) {
            int n = (int) Math.min(len, high - position);
            copyFromRing(position, b, off, n);
            position += n;
            return n;
        }
        int n = source.read(b, off, len);
        if (n > 0) {
            copyIntoRing(b, off, n);
            high += n;
            position = high;
        }
        return n;
    }

    /** Copies {@code n} bytes at stream position {@code from} out of the ring, in at most two pieces. */
    private void copyFromRing(long from, byte[] to, int off, int n) {
        int start = (int) (from % ring.length);
        int first = Math.min(n, ring.length - start);
        System.arraycopy(ring, start, to, off, first);
        System.arraycopy(ring, 0, to, off + first, n - first);
    }

    /** Keeps the {@code n} bytes just read (stream positions from {@code high}); only the last ring's worth matter. */
    private void copyIntoRing(byte[] b, int off, int n) {
        if (ring.length < keep && high + n > ring.length) {
            // not wrapped yet (the ring grows before it would): positions are still indexes
            ring = java.util.Arrays.copyOf(ring, (int) Math.min(keep, Math.max(2L * ring.length, high + n)));
        }
        int skip = Math.max(0, n - ring.length);
        long at = high + skip;
        int remaining = n - skip;
        int start = (int) (at % ring.length);
        int first = Math.min(remaining, ring.length - start);
        System.arraycopy(b, off + skip, ring, start, first);
        System.arraycopy(b, off + skip + first, ring, 0, remaining - first);
    }
}
