package dev.backstop.source;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Replays a database server's archived log (MariaDB/MySQL binary logs) on top of a dump, for
 * {@code restore --at} and the restore test of the log chain. The log files are rebuilt locally
 * from their segments first, named as the server names them, in the server's order; the replayer
 * reads them, finds where the replay ends, and applies them in one client session.
 */
public interface LogReplayer {

    /**
     * Where a replay ends: at the first transaction committed after a moment, or at a place in the
     * logs (the position a later dump recorded).
     *
     * @param at      the moment: every transaction committed at or before it is applied; null when
     *                {@code logFile} and {@code offset} give a place instead
     * @param logFile the log file of the place
     * @param offset  the byte of {@code logFile} where the replay stops (a transaction's start)
     */
    record Bound(Instant at, String logFile, long offset) {

        public static Bound at(Instant at) {
            return new Bound(at, null, -1);
        }

        public static Bound position(String logFile, long offset) {
            return new Bound(null, logFile, offset);
        }

        @Override
        public String toString() {
            return at != null ? at.toString() : logFile + ":" + offset;
        }
    }

    /**
     * What a scan of the rebuilt files found.
     *
     * @param files       how many of the files, from the first, the replay reads
     * @param stopOffset  the byte of the last of them where the replay stops, or -1 for its end
     * @param lastFile    the log file of the last transaction applied, or null when none is
     * @param lastEnd     the byte after the last transaction applied
     * @param lastCommit  the time its commit event carries, or null when none is applied
     * @param boundSeen   whether the files reach the bound: a transaction committed after the
     *                    moment, or the place; false when they end first
     * @param transactions how many transactions the replay applies
     */
    record Replay(int files, long stopOffset, String lastFile, long lastEnd, Instant lastCommit, boolean boundSeen,
                  long transactions) {
    }

    /** The database whose changes are replayed: the source's own name for it, which the logs name. */
    String database();

    /**
     * Reads the rebuilt log files in order, the first from {@code startOffset} (the dump's
     * position), for where a replay up to {@code bound} ends. Reads no more files than it needs.
     *
     * @throws IOException a file is not whole: a file that another follows but that does not end
     *                     where the server closed it (its tail is not in the archive), a truncated
     *                     event, or the place of a {@code position} bound that no transaction
     *                     starts at; the message names the file and the byte
     */
    Replay scan(List<Path> files, long startOffset, Bound bound) throws IOException;

    /**
     * Applies the transactions {@code replay} covers, from {@code startOffset} of the first file,
     * to {@link #database()} on {@code server}, which holds the dump already, in one session of the
     * server's client; the SQL goes through a file in {@code scratch}.
     *
     * @throws IOException the tool or the client failed; the message holds its stderr tail
     */
    void apply(List<Path> files, long startOffset, Replay replay, DatabaseServer server, Path scratch)
            throws IOException, InterruptedException;
}
