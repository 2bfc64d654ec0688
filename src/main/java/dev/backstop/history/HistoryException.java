package dev.backstop.history;

import java.io.IOException;
import java.sql.SQLException;

/**
 * The history database could not be opened, read or written. The message names the database
 * file and what was being done. Unchecked: a caller that cannot record history has no better
 * recovery than to report it, and a run must never turn this into a success.
 *
 * <p>{@link #condition()} says whether the file is damaged (move it aside and rebuild it) or
 * merely unusable for now (locked, read-only: another process may still write it, so it must be
 * left where it is).
 */
public class HistoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kept the database from being used. */
    public enum Condition {
        /** SQLite found the file malformed or not a database at all: nothing in it can be trusted. */
        DAMAGED,
        /**
         * The file may be fine but cannot be used now: locked by another process beyond the busy
         * timeout, read-only, not permitted, full, or an I/O error.
         */
        UNAVAILABLE,
        /** Anything else: a schema newer than this backstop, a row that is not there, a bug. */
        OTHER
    }

    // SQLite's primary result codes (https://sqlite.org/rescode.html); sqlite-jdbc reports them
    // as SQLException.getErrorCode()
    private static final int SQLITE_PERM = 3;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_PROTOCOL = 15;
    private static final int SQLITE_NOTADB = 26;

    private final Condition condition;

    public HistoryException(String message) {
        this(message, null, Condition.OTHER);
    }

    /** The condition is read from the cause: SQLite's result code, or an I/O failure. */
    public HistoryException(String message, Throwable cause) {
        this(message, cause, conditionOf(cause));
    }

    HistoryException(String message, Throwable cause, Condition condition) {
        super(message, cause);
        this.condition = condition;
    }

    /** A database that SQLite opens but whose pages do not check out. */
    static HistoryException damaged(String message) {
        return new HistoryException(message, null, Condition.DAMAGED);
    }

    public Condition condition() {
        return condition;
    }

    static Condition conditionOf(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                return switch (e.getErrorCode() & 0xff) {
                    case SQLITE_CORRUPT, SQLITE_NOTADB -> Condition.DAMAGED;
                    case SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL,
                         SQLITE_CANTOPEN, SQLITE_PROTOCOL -> Condition.UNAVAILABLE;
                    default -> Condition.OTHER;
                };
            }
            if (t instanceof IOException) {
                return Condition.UNAVAILABLE;
            }
        }
        return Condition.OTHER;
    }
}
