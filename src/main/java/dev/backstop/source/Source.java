package dev.backstop.source;

import dev.backstop.core.PreflightException;
import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One thing to back up. A source produces one uncompressed byte stream; the caller compresses,
 * counts and hashes it on the way to the spool, so a source never sees compression or files.
 */
public interface Source {

    /** The configured name; also the component's file name stem. */
    String name();

    /** The configuration's type word. */
    String type();

    /** Extension of the uncompressed stream: {@code sql}, {@code tar}, {@code sqlite}, {@code txt}. */
    String extension();

    /**
     * Checks, without dumping, that the source can run: its tool is installed, its paths or
     * files exist. Idempotent and cheap; called before any dump starts.
     *
     * @throws PreflightException naming the missing tool or path, every one; the message starts
     *                            with {@code source NAME: }
     */
    void preflight() throws PreflightException;

    /**
     * Writes the whole uncompressed content to {@code out} and returns what was learned.
     * Returns normally only when the content is complete: the tool exited 0, nothing was
     * reported on its error stream, its completion trailer arrived, every file was read. Does
     * not close {@code out}. Not idempotent (a database changes between calls), but may be
     * retried from scratch with a fresh stream.
     *
     * @throws SourceException      the content is incomplete or wrong; the message says why
     *                              and quotes the tool's stderr tail, secrets masked
     * @throws IOException          writing to {@code out} failed (spool full)
     * @throws InterruptedException the run is being cancelled; child processes were killed
     */
    SourceFacts dump(OutputStream out, SourceContext context) throws SourceException, IOException, InterruptedException;
}
