package dev.backstop.target;

import dev.backstop.core.TargetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Retries a target's calls that failed with a {@link TransientIOException}, with the waits of a
 * {@link Backoff}; stops at the first permanent failure ({@link RetryLoop}). Composed once, in
 * {@link Targets}, around every target whose way to the storage can fail. An upload cut halfway
 * resumes where the storage stopped ({@link ResumableUpload}); a read cut halfway reopens the file
 * and skips what was read ({@link ResumingRead}). Each call keeps its retry state to itself, so two
 * threads may use it at once: when a failure on one makes the storage reconnect, the other's cut
 * call is retried or resumed like any other.
 */
public final class RetryingTarget implements Target {

    private final Target delegate;
    private final RetryLoop retries;
    private final ResumableUpload upload;

    /** @param log receives one line per retry and per resumed upload */
    public RetryingTarget(Target delegate, Backoff backoff, Consumer<String> log) {
        this.delegate = delegate;
        this.retries = new RetryLoop(delegate.name(), backoff, log);
        this.upload = new ResumableUpload(delegate, retries, log);
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
        return retries.run("preflight", () -> delegate.preflight(expectedBytes), e -> new TargetException(e.getMessage(), e));
    }

    @Override
    public void connectAhead() {
        delegate.connectAhead();
    }

    @Override
    public void makeDirectories(String dir) throws IOException {
        retries.run("creating " + dir, () -> {
            delegate.makeDirectories(dir);
            return null;
        });
    }

    @Override
    public long write(String path, InputStream in) throws IOException {
        return upload.write(path, in);
    }

    @Override
    public long writeFrom(String path, InputStream in, long offset) throws IOException {
        // a caller that resumes on its own gets one attempt: its stream cannot be replayed here
        return delegate.writeFrom(path, in, offset);
    }

    @Override
    public boolean canStoreByLink(Path localFile) {
        return delegate.canStoreByLink(localFile);
    }

    @Override
    public boolean storeByLink(String path, Path localFile) throws IOException {
        // a link is one local system call: nothing transient to retry
        return delegate.storeByLink(path, localFile);
    }

    @Override
    public InputStream read(String path) throws IOException {
        return ResumingRead.open(delegate, retries, path);
    }

    @Override
    public Optional<FileInfo> stat(String path) throws IOException {
        return retries.run("stat of " + path, () -> delegate.stat(path));
    }

    @Override
    public List<FileInfo> list(String dir) throws IOException {
        return retries.run("listing " + dir, () -> delegate.list(dir));
    }

    @Override
    public void rename(String from, String to) throws IOException {
        boolean[] cut = {false};
        retries.run("renaming " + from + " to " + to, () -> {
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
        retries.run("deleting " + path, () -> {
            delegate.delete(path);
            return null;
        });
    }

    @Override
    public void syncDirectory(String dir) throws IOException {
        retries.run("syncing " + dir, () -> {
            delegate.syncDirectory(dir);
            return null;
        });
    }

    @Override
    public Optional<String> storageSha256(String path) throws IOException {
        return retries.run("hashing " + path + " on the storage", () -> delegate.storageSha256(path));
    }

    @Override
    public List<String> discardIncompleteUploads(String dir) throws IOException {
        return retries.run("discarding incomplete uploads below " + dir, () -> delegate.discardIncompleteUploads(dir));
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
