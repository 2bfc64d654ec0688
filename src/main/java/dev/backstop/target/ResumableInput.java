package dev.backstop.target;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that keeps the last bytes it delivered, so that an upload cut by a transient
 * failure can go back to where the storage stopped without reading the source twice. The
 * source (the committer's hashing stream) sees every byte exactly once.
 */
final class ResumableInput extends InputStream {

    private final InputStream source;
    private final byte[] ring;
    /** Next position to deliver. */
    private long position;
    /** Bytes read from the source so far. */
    private long high;

    ResumableInput(InputStream source, int keep) {
        this.source = source;
        this.ring = new byte[keep];
    }

    /** Position of the next byte delivered. */
    long position() {
        return position;
    }

    /** The lowest position this stream can still go back to. */
    long oldestKept() {
        return Math.max(0, high - ring.length);
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
        for (int i = 0; i < out.length; i++) {
            out[i] = ring[(int) ((from + i) % ring.length)];
        }
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
            for (int i = 0; i < n; i++) {
                b[off + i] = ring[(int) ((position + i) % ring.length)];
            }
            position += n;
            return n;
        }
        int n = source.read(b, off, len);
        if (n > 0) {
            for (int i = 0; i < n; i++) {
                ring[(int) ((high + i) % ring.length)] = b[off + i];
            }
            high += n;
            position = high;
        }
        return n;
    }
}
