package dev.backstop.target;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Writes a file through a {@link RetryLoop} so that an upload cut by a transient failure goes on
 * where the storage stopped: the bytes sent last are kept at hand ({@link ResumableInput}), and
 * after a cut the upload continues at the bytes the storage holds once their last bytes are found
 * to be the ones sent, or starts again from the first byte while that is still kept. The source
 * stream is read once.
 */
final class ResumableUpload {

    /** Bytes an upload keeps at hand to go back to where the storage stopped. */
    static final int KEEP = 8 << 20;
    /** Bytes before the resume point compared with what was sent, before resuming. */
    static final int CHECK = 64 << 10;

    private final Target delegate;
    private final RetryLoop retries;
    private final Consumer<String> log;

    /** @param log receives a line for each resumed upload */
    ResumableUpload(Target delegate, RetryLoop retries, Consumer<String> log) {
        this.delegate = delegate;
        this.retries = retries;
        this.log = log;
    }

    /** {@link Target#write}, resumed after each transient cut while the retries allow. */
    long write(String path, InputStream in) throws IOException {
        ResumableInput source = new ResumableInput(in, KEEP);
        long[] offset = {0};
        return retries.run("uploading " + path, () -> {
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
            stored = retries.run("checking " + path + " after a cut", () -> delegate.stat(path).map(FileInfo::size).orElse(0L));
        } catch (IOException e) {
            throw withCause("cannot resume the upload of " + path + ": " + e.getMessage(), cut, e);
        }
        long at = Math.min(stored, source.position());
        if (at >= source.oldestKept() && at > 0 && sameBytesStored(path, source, at)) {
            log.accept("target " + delegate.name() + ": resuming the upload of " + path + " at byte " + at);
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
        byte[] stored = retries.run("reading back " + path + " after a cut", () -> {
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
}
