package dev.backstop.codec;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;

/**
 * Decompresses a zstd file frame by frame, as {@link ZstdFrames} writes it (independent frames
 * that each name their content size), so that content a reader does not want is passed over
 * without being decompressed: {@link #discardNext} skips every whole frame inside the unwanted
 * bytes by their block headers alone (RFC 8878), and those bytes read as zeros. A file's frames
 * are checked by its SHA-256 before anything reads it; each decompressed frame by its own
 * checksum and size. From the first frame that does not name its size, or names one above
 * {@value #MAX_FRAME} bytes (another writer's), the rest of the file is decompressed as a stream.
 */
public final class ZstdFrameInput extends InputStream implements DiscardableInput {

    /** The largest frame decompressed whole; a larger one is decompressed as a stream. */
    static final int MAX_FRAME = 4 << 20;

    private static final int FRAME_MAGIC = 0xFD2FB528;

    private final InputStream in;
    private final ZstdDecompressCtx context = new ZstdDecompressCtx();
    private final FrameBytes frameBytes = new FrameBytes();
    private final byte[] copyBuffer = new byte[64 * 1024];
    private final byte[] one = new byte[1];
    private byte[] frame = new byte[0];
    private int pos;
    private int limit;
    private long zeros; // discarded bytes not yet read: they read as zeros
    private InputStream stream; // the rest, decompressed as a stream, once a frame does not suit
    private boolean ended;
    private long declaredSize = -1; // the content size of the frame whose header was read, until its blocks are

    public ZstdFrameInput(InputStream in) {
        this.in = new BufferedInputStream(in, 64 * 1024); // frame and block headers are read a few bytes at a time
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (zeros > 0) {
            int n = (int) Math.min(len, zeros);
            Arrays.fill(b, off, off + n, (byte) 0);
            zeros -= n;
            return n;
        }
        if (stream != null) {
            return stream.read(b, off, len);
        }
        if (pos == limit && !nextFrame()) {
            return stream != null ? stream.read(b, off, len) : -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(frame, pos, b, off, n);
        pos += n;
        return n;
    }

    /**
     * The next {@code n} bytes are not wanted: the frames wholly inside them are passed over, and
     * they read as zeros. Fails, like a read, where fewer than {@code n} bytes are left.
     */
    @Override
    public void discardNext(long n) throws IOException {
        long left = n;
        while (left > 0) {
            if (stream != null) {
                long skipped = stream.skip(left);
                if (skipped <= 0) {
                    if (stream.read() < 0) {
                        throw endsBefore(left);
                    }
                    skipped = 1;
                }
                left -= skipped;
            } else if (pos < limit) {
                int k = (int) Math.min(left, limit - pos);
                pos += k;
                left -= k;
            } else {
                long size = nextFrameSize();
                if (size < 0) {
                    if (stream == null) {
                        throw endsBefore(left);
                    }
                } else if (size <= left) {
                    skipFrame();
                    left -= size;
                } else {
                    decompressFrame();
                }
            }
        }
        zeros += n;
    }

    private static EOFException endsBefore(long left) {
        return new EOFException("the zstd content ends " + left + " bytes before the end of what was discarded");
    }

    @Override
    public void close() throws IOException {
        context.close();
        if (stream != null) {
            stream.close();
        } else {
            in.close();
        }
    }

    /** Decompresses the next frame into {@link #frame}; false at the end (or when the rest goes as a stream). */
    private boolean nextFrame() throws IOException {
        while (true) {
            long size = nextFrameSize();
            if (size < 0) {
                return false;
            }
            decompressFrame();
            if (limit > 0) {
                return true;
            }
        }
    }

    /**
     * Reads the next frame's header, passing over skippable frames: its content size; -1 at the end
     * of the file, or when the rest is decompressed as a {@link #stream} from here.
     */
    private long nextFrameSize() throws IOException {
        if (declaredSize >= 0) {
            return declaredSize;
        }
        while (!ended) {
            frameBytes.reset();
            int magic = readLe(4, true);
            if (ended) {
                return -1;
            }
            if ((magic & 0xFFFFFFF0) == 0x184D2A50) { // a skippable frame: user data, no content
                skipFully(readLe(4, false) & 0xFFFFFFFFL);
                continue;
            }
            if (magic != FRAME_MAGIC) {
                throw new IOException("not zstd data: frame magic " + Integer.toHexString(magic));
            }
            int descriptor = readByte();
            int sizeFlag = descriptor >>> 6;
            boolean singleSegment = (descriptor & 0x20) != 0;
            int dictionaryFlag = descriptor & 3;
            if (!singleSegment) {
                readByte(); // window descriptor
            }
            int dictionaryBytes = new int[] {0, 1, 2, 4}[dictionaryFlag];
            long dictionary = dictionaryBytes == 0 ? 0 : readLe(dictionaryBytes, false) & 0xFFFFFFFFL;
            int sizeBytes = new int[] {singleSegment ? 1 : 0, 2, 4, 8}[sizeFlag];
            long size = switch (sizeBytes) {
                case 0 -> -1;
                case 1 -> readByte();
                case 2 -> (readLe(2, false) & 0xFFFF) + 256L;
                case 4 -> readLe(4, false) & 0xFFFFFFFFL;
                default -> (readLe(4, false) & 0xFFFFFFFFL) | ((readLe(4, false) & 0xFFFFFFFFL) << 32);
            };
            if (size < 0 || size > MAX_FRAME || dictionary != 0) {
                // from this frame on, zstd's own stream reads the rest, starting with the header read here
                stream = new ZstdInputStream(new SequenceInputStream(new ByteArrayInputStream(frameBytes.toByteArray()), in));
                return -1;
            }
            declaredSize = size;
            return size;
        }
        return -1;
    }

    /** Reads the blocks of the frame whose header {@link #nextFrameSize} read, and decompresses it. */
    private void decompressFrame() throws IOException {
        int size = (int) declaredSize;
        readBlocks(true);
        if (frame.length < size) {
            frame = new byte[size];
        }
        int n;
        try {
            n = context.decompressByteArray(frame, 0, size, frameBytes.array(), 0, frameBytes.size());
        } catch (ZstdException e) {
            throw new IOException("a zstd frame does not decompress: " + e.getMessage(), e);
        }
        if (n != size) {
            throw new IOException("a zstd frame decompresses to " + n + " bytes, its header says " + size);
        }
        pos = 0;
        limit = n;
        declaredSize = -1;
    }

    /** Passes over the blocks of the frame whose header {@link #nextFrameSize} read, decompressing nothing. */
    private void skipFrame() throws IOException {
        readBlocks(false);
        declaredSize = -1;
    }

    /** The frame's blocks and checksum: kept in {@link #frameBytes} to decompress, else passed over. */
    private void readBlocks(boolean keep) throws IOException {
        boolean checksum = (frameBytes.array()[4] & 0x04) != 0; // the frame header descriptor's flag
        boolean last = false;
        while (!last) {
            int header = readLe(3, false);
            last = (header & 1) != 0;
            int type = (header >>> 1) & 3;
            int blockSize = header >>> 3;
            long payload = switch (type) {
                case 0, 2 -> blockSize; // raw, compressed
                case 1 -> 1; // RLE: one byte, repeated
                default -> throw new IOException("a zstd block of the reserved type 3: the data is corrupt");
            };
            if (keep) {
                copy(payload);
            } else {
                skipFully(payload);
            }
        }
        if (checksum) {
            if (keep) {
                copy(4);
            } else {
                skipFully(4);
            }
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("a zstd frame ends in its header");
        }
        frameBytes.write(b);
        return b;
    }

    /** {@code n} bytes little-endian, kept in {@link #frameBytes}; {@code atStart}: an end here is the file's. */
    private int readLe(int n, boolean atStart) throws IOException {
        int value = 0;
        for (int i = 0; i < n; i++) {
            int b = in.read();
            if (b < 0) {
                if (atStart && i == 0) {
                    ended = true;
                    return 0;
                }
                throw new EOFException("a zstd frame ends early");
            }
            frameBytes.write(b);
            value |= b << (8 * i);
        }
        return value;
    }

    private void copy(long n) throws IOException {
        for (long left = n; left > 0; ) {
            int r = in.read(copyBuffer, 0, (int) Math.min(copyBuffer.length, left));
            if (r < 0) {
                throw new EOFException("a zstd frame ends early");
            }
            frameBytes.write(copyBuffer, 0, r);
            left -= r;
        }
    }

    private void skipFully(long n) throws IOException {
        for (long left = n; left > 0; ) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("a zstd frame ends early");
                }
                s = 1;
            }
            left -= s;
        }
    }

    /** The bytes of one frame, handed to zstd without a copy. */
    private static final class FrameBytes extends ByteArrayOutputStream {
        FrameBytes() {
            super(1 << 20);
        }

        byte[] array() {
            return buf;
        }
    }
}
