package dev.backstop.source;

import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Future;

/**
 * A source that can store only what changed since an earlier dump, as a link of a chain of
 * archives applied oldest first. What an earlier dump saw is its snapshot state, a file the
 * source writes and reads and the run keeps, copies and hands back unread, except that the run
 * keeps it compressed with zstd: the source reads it in either form.
 */
public interface IncrementalSource extends Source {

    /**
     * Writes what changed since the dump that wrote {@code previousState}, or everything when it
     * is null (the full that starts a chain), and writes this dump's snapshot state to
     * {@code nextState}. Otherwise as {@link Source#dump}.
     *
     * @param previousState the snapshot state of the previous set of the chain; null for a full
     * @param nextState     where this dump's snapshot state goes; complete when this returns normally
     * @return the facts of the whole data (every file, all bytes), not of the changes alone, so
     *         that minimum sizes and anomaly detection judge the data and not the increment
     * @throws IOException also when {@code previousState} cannot be read; the message says so
     */
    SourceFacts dump(OutputStream out, SourceContext context, Path previousState, Path nextState)
            throws SourceException, IOException, InterruptedException;

    /**
     * Starts reading the snapshot state {@code previousState} on a thread of its own, so that a
     * later {@link #dump} given that very file starts its walk at once instead of reading it first.
     * A dump given another file, or none, reads nothing of it; a failed read ahead is read again by
     * the dump, which then fails as it would have.
     *
     * @return the SHA-256 of the file as it was read, which is the content the dump compares with;
     *         null when this source reads nothing ahead
     */
    default Future<String> readAhead(Path previousState) {
        return null;
    }

    /**
     * What a chain holds to: when it differs from the chain's (paths or excludes changed), the next
     * run starts a new chain with a full. Compared for equality only.
     */
    String chainKey();
}
