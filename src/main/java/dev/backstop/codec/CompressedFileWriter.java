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
 * on their way into one file, or into two at once: the compressed bytes as they are and sealed
 * (encrypted), for a run whose targets store both. Nothing is read twice and nothing is copied
 * aside. While a file is being written, {@link Stored#follow} reads it as it grows, so an upload
 * can start before the dump ends.
 */
public final class CompressedFileWriter implements AutoCloseable {

    /** What was written into one file, known once the stream is closed. */
    public record Result(long rawBytes, long bytes, String sha256) {
    }

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

    private final CountingOutputStream raw;
    private final OutputStream head;
    private final Stored clear;
    private final Stored sealed;
    private final Stored primary;
    private boolean finished;

    private CompressedFileWriter(Path clearFile, Path sealedFile, Compression compression, Sealing sealing)
            throws IOException {
        this.clear = clearFile == null ? null : new Stored(clearFile);
        Stored sealedOut = null;
        try {
            sealedOut = sealedFile == null ? null : new Stored(sealedFile);
            this.sealed = sealedOut;
            this.primary = sealed != null ? sealed : clear;
            OutputStream compressed = clear == null ? sealing.wrap(sealed.stream)
                    : sealed == null ? clear.stream : new Tee(clear.stream, sealing.wrap(sealed.stream));
            this.raw = new CountingOutputStream(compression.compress(compressed));
        } catch (IOException | RuntimeException e) {
            // a file was created already: close it, the caller removes the spool
            if (clear != null) {
                clear.stream.close();
            }
            if (sealedOut != null) {
                sealedOut.stream.close();
            }
            throw e;
        }
        this.head = new BufferedOutputStream(raw, 1 << 16);
    }

    /** Creates {@code file} (0600, must not exist) and returns a writer into it. */
    public static CompressedFileWriter create(Path file, Compression compression) throws IOException {
        return new CompressedFileWriter(file, null, compression, Sealing.NONE);
    }

    /**
     * As {@link #create(Path, Compression)}, with {@code sealing} applied to the compressed bytes
     * in the same pass; sizes and the SHA-256 are those of the sealed bytes the file holds.
     */
    public static CompressedFileWriter create(Path file, Compression compression, Sealing sealing) throws IOException {
        return new CompressedFileWriter(null, file, compression, sealing);
    }

    /**
     * Writes the compressed bytes into {@code clearFile} and, sealed, into {@code sealedFile} in the
     * same pass: one compression for both, each file with its own size and hash. Either file may
     * be null, not both.
     */
    public static CompressedFileWriter createBoth(Path clearFile, Path sealedFile, Compression compression,
                                                  Sealing sealing) throws IOException {
        if (clearFile == null && sealedFile == null) {
            throw new IllegalArgumentException("a writer needs at least one file");
        }
        return new CompressedFileWriter(clearFile, sealedFile, compression, sealing);
    }

    /** The stream to write raw content into; do not close it, close this writer. */
    public OutputStream stream() {
        return head;
    }

    /** Raw bytes written so far; safe to call from another thread, for progress. */
    public long rawBytesSoFar() {
        return raw.count();
    }

    /** The file of the compressed bytes as they are; null when the writer writes only the sealed one. */
    public Stored clear() {
        return clear;
    }

    /** The file of the sealed bytes; null when the writer seals nothing. */
    public Stored sealed() {
        return sealed;
    }

    /** {@link Stored#bytesSoFar} of the file (the sealed one, when there are two). */
    public long bytesInFileSoFar() {
        return primary.bytesSoFar();
    }

    /** {@link Stored#whenHolds} of the file (the sealed one, when there are two). */
    public CompletableFuture<Void> whenHolds(long bytes) {
        return primary.whenHolds(bytes);
    }

    /** True once the writer is closed, whether the dump succeeded or not. */
    public boolean isClosed() {
        return primary.closed;
    }

    /** {@link Stored#follow} of the file (the sealed one, when there are two). */
    public InputStream follow() throws IOException {
        return primary.follow();
    }

    /** Finishes compression and closes the files; idempotent. Followers see the end either way. */
    @Override
    public void close() throws IOException {
        try {
            if (!finished) {
                head.close();
                finished = true;
            }
        } finally {
            for (Stored s : new Stored[] {clear, sealed}) {
                if (s != null) {
                    s.end();
                }
            }
        }
    }

    /** {@link Stored#result} of the file (the sealed one, when there are two). */
    public Result result() {
        return primary.result();
    }

    /**
     * One file the writer writes: what reached it so far, for those who follow it, and its size
     * and hash once the writer is closed.
     */
    public final class Stored {
        private final Path file;
        private final CountingOutputStream stream;
        private final MessageDigest digest = Sha256.newDigest();
        // bytes handed to the file (past every buffer), and whether no more will come; followers wait on this
        private final Object grown = new Object();
        private volatile long inFile;
        private volatile boolean closed;
        /** Sizes someone waits for, by {@link #whenHolds}; guarded by grown. */
        private final NavigableMap<Long, CompletableFuture<Void>> awaited = new TreeMap<>();
        private Result result;

        private Stored(Path file) throws IOException {
            this.file = file;
            OutputStream fileOut = Channels.newOutputStream(Files.newByteChannel(file,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
            this.stream = new CountingOutputStream(new DigestOutputStream(
                    new BufferedOutputStream(new Announcing(fileOut), 1 << 16), digest));
        }

        /** The file. */
        public Path file() {
            return file;
        }

        /** Bytes in the file so far; safe to call from another thread. */
        public long bytesSoFar() {
            return inFile;
        }

        /**
         * Completes once the file holds at least {@code bytes} bytes; never when it ends shorter.
         * Any thread; asking again for the same size gives the same future.
         */
        public CompletableFuture<Void> whenHolds(long bytes) {
            synchronized (grown) {
                return inFile >= bytes ? CompletableFuture.completedFuture(null)
                        : awaited.computeIfAbsent(bytes, b -> new CompletableFuture<>());
            }
        }

        /**
         * Reads the file from its start while it is still being written: a read waits for more
         * bytes until the writer is closed, and the stream ends where the file ended then. It ends
         * the same way when the dump failed; whether the bytes make a component is for the caller
         * to learn from the dump's result. Any thread; several followers may read at once.
         */
        public InputStream follow() throws IOException {
            return new Follower(this, FileChannel.open(file, StandardOpenOption.READ));
        }

        /** Size and hash of the file; only after {@link CompressedFileWriter#close()}. */
        public Result result() {
            if (result == null) {
                throw new IllegalStateException("close the writer first");
            }
            return result;
        }

        private void end() {
            if (finished && result == null) {
                result = new Result(raw.count(), stream.count(), Sha256.hex(digest.digest()));
            }
            synchronized (grown) {
                closed = true;
                grown.notifyAll();
            }
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
    }

    /** Writes to both streams; closes both, the second even when the first fails. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }

        @Override
        public void close() throws IOException {
            try (second) {
                first.close();
            }
        }
    }

    private static final class Follower extends InputStream {
        private final Stored stored;
        private final FileChannel channel;
        private long position;

        Follower(Stored stored, FileChannel channel) {
            this.stored = stored;
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
                boolean ended = stored.closed;
                long available = stored.inFile - position;
                if (available > 0) {
                    int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, available)), position);
                    if (n > 0) {
                        position += n;
                        return n;
                    }
                    throw new IOException(stored.file + " is shorter than the " + stored.inFile + " bytes written to it");
                }
                if (ended) {
                    return -1;
                }
                synchronized (stored.grown) {
                    if (!stored.closed && stored.inFile == position) {
                        try {
                            stored.grown.wait(1_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException("interrupted while waiting for " + stored.file + " to grow");
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
