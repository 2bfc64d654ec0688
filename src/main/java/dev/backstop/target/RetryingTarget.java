package dev.backstop.target;

import dev.backstop.core.TargetException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Retries a target's calls that failed with a {@link TransientIOException}, with the waits of a
 * {@link Backoff}; stops at the first permanent failure. Composed once, in {@link Targets}, around
 * every target whose way to the storage can fail. An upload cut halfway resumes where the
 * storage stopped, after checking the bytes already there; a read cut halfway reopens the file
 * and skips what was read. Each call keeps its retry state to itself, so two threads may use it at
 * once: when a failure on one makes the storage reconnect, the other's cut call is retried or
 * resumed like any other.
 */
public final class RetryingTarget implements Target {

    /** Bytes an upload keeps at hand to go back to where the storage stopped. */
    static final int KEEP = 8 << 20;
    /** Bytes before the resume point compared with what was sent, before resuming. */
    static final int CHECK = 64 << 10;

    private final Target delegate;
    private final Backoff backoff;
    private final Consumer<String> log;

    /** @param log receives one line per retry */
    public RetryingTarget(Target delegate, Backoff backoff, Consumer<String> log) {
        this.delegate = delegate;
        this.backoff = backoff;
        this.log = log;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    /** Runs {@code call}, retrying transient failures while the backoff allows. */
    private <T> T retry(String what, Call<T> call) throws IOException {
        long started = System.nanoTime();
        for (int retry = 1; ; retry++) {
            try {
                return call.run();
            } catch (IOException e) {
                if (!TransientIOException.isTransient(e)) {
                    throw e;
                }
                Duration wait = backoff.delay(retry, Duration.ofNanos(System.nanoTime() - started),
                        () -> ThreadLocalRandom.current().nextDouble());
                if (wait == null) {
                    throw new IOException(e.getMessage() + " (gave up " + what + " after " + retry + " attempt(s) in "
                            + seconds(Duration.ofNanos(System.nanoTime() - started)) + ")", e);
                }
                log.accept("target " + name() + ": " + what + " failed (" + e.getMessage() + "); retry " + retry
                        + " of " + backoff.retries() + " in " + seconds(wait));
                sleep(wait);
            }
        }
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    private static void sleep(Duration d) throws InterruptedIOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String type() {
        return delegate.type();
    }

    @Override
    public long preflight(long expectedBytes) throws TargetException {
        try {
            return retry("preflight", () -> {
                try {
                    return delegate.preflight(expectedBytes);
                } catch (TargetException e) {
                    if (TransientIOException.isTransient(e)) {
                        throw new TransientIOException(e.getMessage(), e);
                    }
                    throw new PermanentPreflight(e);
                }
            });
        } catch (PermanentPreflight e) {
            throw e.failure;
        } catch (IOException e) {
            throw new TargetException(e.getMessage(), e);
        }
    }

    /** Carries a permanent preflight failure through {@link #retry} unchanged. */
    private static final class PermanentPreflight extends IOException {
        final TargetException failure;

        PermanentPreflight(TargetException failure) {
            super(failure.getMessage(), failure);
            this.failure = failure;
        }
    }

    @Override
    public void makeDirectories(String dir) throws IOException {
        retry("creating " + dir, () -> {
            delegate.makeDirectories(dir);
            return null;
        });
    }

    @Override
    public long write(String path, InputStream in) throws IOException {
        ResumableInput source = new ResumableInput(in, KEEP);
        long[] offset = {0};
        return retry("uploading " + path, () -> {
            long at = offset[0];
            source.rewindTo(at);
            try {
                return at == 0 ? delegate.write(path, source) : at + continueAt(path, source, at);
            } catch (TransientIOException e) {
                offset[0] = resumePoint(path, source, e);
                throw e;
            }
        });
    }

    /** Continues at {@code at}, or starts again when the storage cannot continue a file and the start is kept. */
    private long continueAt(String path, ResumableInput source, long at) throws IOException {
        try {
            return delegate.writeFrom(path, source, at);
        } catch (UnsupportedOperationException e) {
            if (source.oldestKept() > 0) {
                throw new IOException("cannot resume the upload of " + path + ": " + e.getMessage()
                        + ", and its first bytes are no longer at hand", e);
            }
            source.rewindTo(0);
            return delegate.write(path, source) - at;
        }
    }

    /**
     * Where to continue after a cut: at the bytes the storage holds, when they end within what is
     * still at hand and their last bytes are the ones sent; else from the start, when the source
     * has not moved past what is kept; else the upload cannot be resumed (a permanent failure).
     */
    private long resumePoint(String path, ResumableInput source, TransientIOException cut) throws IOException {
        long stored;
        try {
            stored = retry("checking " + path + " after a cut", () -> delegate.stat(path).map(FileInfo::size).orElse(0L));
        } catch (IOException e) {
            throw withCause("cannot resume the upload of " + path + ": " + e.getMessage(), cut, e);
        }
        long at = Math.min(stored, source.position());
        if (at >= source.oldestKept() && at > 0 && sameBytesStored(path, source, at)) {
            log.accept("target " + name() + ": resuming the upload of " + path + " at byte " + at);
            return at;
        }
        if (source.oldestKept() == 0) {
            return 0;
        }
        throw withCause("cannot resume the upload of " + path + ": the target holds " + stored + " bytes, only bytes "
                + source.oldestKept() + " to " + source.position() + " are still at hand, or the stored ones differ", cut, null);
    }

    private boolean sameBytesStored(String path, ResumableInput source, long at) throws IOException {
        long from = Math.max(source.oldestKept(), at - CHECK);
        byte[] sent = source.kept(from, at);
        byte[] stored = retry("reading back " + path + " after a cut", () -> {
            try (InputStream back = delegate.read(path)) {
                back.skipNBytes(from);
                return back.readNBytes(sent.length);
            }
        });
        return Arrays.equals(sent, stored);
    }

    private static IOException withCause(String message, IOException cut, IOException other) {
        IOException e = new IOException(message, cut);
        if (other != null) {
            e.addSuppressed(other);
        }
        return e;
    }

    @Override
    public long writeFrom(String path, InputStream in, long offset) throws IOException {
        // a caller that resumes on its own gets one attempt: its stream cannot be replayed here
        return delegate.writeFrom(path, in, offset);
    }

    @Override
    public boolean canStoreByLink(java.nio.file.Path localFile) {
        return delegate.canStoreByLink(localFile);
    }

    @Override
    public boolean storeByLink(String path, java.nio.file.Path localFile) throws IOException {
        // a link is one local system call: nothing transient to retry
        return delegate.storeByLink(path, localFile);
    }

    @Override
    public InputStream read(String path) throws IOException {
        InputStream first = retry("opening " + path, () -> delegate.read(path));
        return new ResumingRead(path, first);
    }

    /** Reopens the file at the byte where a transient failure cut the read. */
    private final class ResumingRead extends FilterInputStream {
        private final String path;
        private long position;

        ResumingRead(String path, InputStream first) {
            super(first);
            this.path = path;
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
                in = retry("reading " + path + " from byte " + position, () -> {
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
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the stream already failed; its replacement is what counts
        }
    }

    @Override
    public Optional<FileInfo> stat(String path) throws IOException {
        return retry("stat of " + path, () -> delegate.stat(path));
    }

    @Override
    public List<FileInfo> list(String dir) throws IOException {
        return retry("listing " + dir, () -> delegate.list(dir));
    }

    @Override
    public void rename(String from, String to) throws IOException {
        boolean[] cut = {false};
        retry("renaming " + from + " to " + to, () -> {
            // a rename cut after the server did it: the source is gone and the destination there
            if (cut[0] && delegate.stat(from).isEmpty() && delegate.stat(to).isPresent()) {
                return null;
            }
            try {
                delegate.rename(from, to);
            } catch (TransientIOException e) {
                cut[0] = true;
                throw e;
            }
            return null;
        });
    }

    @Override
    public void delete(String path) throws IOException {
        retry("deleting " + path, () -> {
            delegate.delete(path);
            return null;
        });
    }

    @Override
    public void syncDirectory(String dir) throws IOException {
        retry("syncing " + dir, () -> {
            delegate.syncDirectory(dir);
            return null;
        });
    }

    @Override
    public Optional<String> storageSha256(String path) throws IOException {
        return retry("hashing " + path + " on the storage", () -> delegate.storageSha256(path));
    }

    @Override
    public List<String> discardIncompleteUploads(String dir) throws IOException {
        return retry("discarding incomplete uploads below " + dir, () -> delegate.discardIncompleteUploads(dir));
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
