package dev.backstop.history;

/**
 * The history database could not be opened, read or written. The message names the database
 * file and what was being done. Unchecked: a caller that cannot record history has no better
 * recovery than to report it, and a run must never turn this into a success.
 */
public class HistoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HistoryException(String message) {
        super(message);
    }

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
