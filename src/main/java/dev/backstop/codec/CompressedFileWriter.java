package dev.backstop.codec;

import dev.backstop.core.Sha256;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The single pass of a component: raw bytes in, counted, compressed, counted again and hashed
 * on their way into one file. Nothing is read twice and nothing is copied aside. While the file
 * is being written, {@link #follow} reads it as it grows, so an upload can start before the
 * dump ends.
 */
public final class CompressedFileWriter implements AutoCloseable {

    /** What was written, known once the stream is closed. */
    public record Result(long rawBytes, long bytes, String sha256) {
    }

    private final Path file;
    private final CountingOutputStream raw;
    private final CountingOutputStream stored;
    private final MessageDigest digest;
    private final OutputStream head;
    // bytes handed to the file (past every buffer), and whether no more will come; followers wait on this
    private final Object grown = new Object();
    private volatile long inFile;
    private volatile boolean closed;
    /** Sizes someone waits for, by {@link #whenHolds}; guarded by grown. */
    private final NavigableMap<Long, CompletableFuture<Void>> awaited = new TreeMap<>();
    private Result result;

    /**
     * A stage between compression and the file, such as encryption: it wraps the stream of
     * stored bytes, and closing what it returns must close that stream.
     */
    @FunctionalInterface
    public interface Sealing {
        /** Stores the compressed bytes as they are. */
        Sealing NONE = stored -> stored;

        OutputStream wrap(OutputStream stored) throws IOException;
    }

    private CompressedFileWriter(Path file, Compression compression, Sealing sealing) throws IOException {
        this.file = file;
        OutputStream fileOut = Channels.newOutputStream(Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
        this.digest = Sha256.newDigest();
        this.stored = new CountingOutputStream(new DigestOutputStream(new BufferedOutputStream(new Announcing(fileOut), 1 << 16),
                digest));
        this.raw = new CountingOutputStream(compression.compress(sealing.wrap(stored)));
        this.head = new BufferedOutputStream(raw, 1 << 16);
    }

    /** Creates {@code file} (0600, must not exist) and returns a writer into it. */
    public static CompressedFileWriter create(Path file, Compression compression) throws IOException {
        return new CompressedFileWriter(file, compression, Sealing.NONE);
    }

    /**
     * As {@link #create(Path, Compression)}, with {@code sealing} applied to the compressed bytes
     * in the same pass; sizes and the SHA-256 are those of the sealed bytes the file holds.
     */
    public static CompressedFileWriter create(Path file, Compression compression, Sealing sealing) throws IOException {
        return new CompressedFileWriter(file, compression, sealing);
    }

    /** The stream to write raw content into; do not close it, close this writer. */
    public OutputStream stream() {
        return head;
    }

    /** Raw bytes written so far; safe to call from another thread, for progress. */
    public long rawBytesSoFar() {
        return raw.count();
    }

    /** Compressed bytes in the file so far; safe to call from another thread. */
    public long bytesInFileSoFar() {
        return inFile;
    }

    /**
     * Completes once the file holds at least {@code bytes} compressed bytes; never when it ends
     * shorter. Any thread; asking again for the same size gives the same future.
     */
    public CompletableFuture<Void> whenHolds(long bytes) {
        synchronized (grown) {
            return inFile >= bytes ? CompletableFuture.completedFuture(null)
                    : awaited.computeIfAbsent(bytes, b -> new CompletableFuture<>());
        }
    }

    /** True once the writer is closed, whether the dump succeeded or not. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Reads the file from its start while it is still being written: a read waits for more bytes
     * until the writer is closed, and the stream ends where the file ended then. It ends the same
     * way when the dump failed; whether the bytes make a component is for the caller to learn
     * from the dump's result. Any thread; several followers may read at once.
     */
    public InputStream follow() throws IOException {
        return new Follower(FileChannel.open(file, StandardOpenOption.READ));
    }

    /** Finishes compression and closes the file; idempotent. Followers see the end either way. */
    @Override
    public void close() throws IOException {
        try {
            if (result == null) {
                head.close();
                result = new Result(raw.count(), stored.count(), Sha256.hex(digest.digest()));
            }
        } finally {
            synchronized (grown) {
                closed = true;
                grown.notifyAll();
            }
        }
    }

    /** Sizes and hash; only after {@link #close()}. */
    public Result result() {
        if (result == null) {
            throw new IllegalStateException("close the writer first");
        }
        return result;
    }

    /** The bottom of the stack: counts what reached the file and wakes the followers. */
    private final class Announcing extends java.io.FilterOutputStream {
        Announcing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            List<CompletableFuture<Void>> reached = List.of();
            synchronized (grown) {
                inFile += len;
                grown.notifyAll();
                if (!awaited.isEmpty() && awaited.firstKey() <= inFile) {
                    NavigableMap<Long, CompletableFuture<Void>> now = awaited.headMap(inFile, true);
                    reached = List.copyOf(now.values());
                    now.clear();
                }
            }
            // outside the lock: what runs on completion may take locks of its own
            reached.forEach(f -> f.complete(null));
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }

    private final class Follower extends InputStream {
        private final FileChannel channel;
        private long position;

        Follower(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            while (true) {
                // closed first: once it is true, inFile is final
                boolean ended = closed;
                long available = inFile - position;
                if (available > 0) {
                    int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, available)), position);
                    if (n > 0) {
                        position += n;
                        return n;
                    }
                    throw new IOException(file + " is shorter than the " + inFile + " bytes written to it");
                }
                if (ended) {
                    return -1;
                }
                synchronized (grown) {
                    if (!closed && inFile == position) {
                        try {
                            grown.wait(1_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException("interrupted while waiting for " + file + " to grow");
                        }
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
