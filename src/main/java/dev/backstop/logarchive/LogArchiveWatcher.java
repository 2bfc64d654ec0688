package dev.backstop.logarchive;

/**
 * Told by a {@link LogArchiver} when a problem of its archive begins and when it ends, once each:
 * a gap among the archived segments, a lag beyond {@code max_lag}, the archiver service gone. Contract: returns soon and
 * never throws; what it does with the news (a notification) never stops the archiving.
 */
public interface LogArchiveWatcher {

    /** The problems an archiver watches. */
    enum Problem {
        /** A range or a whole file missing among the segments on a target. */
        GAP,
        /** The archive further behind the server than {@code max_lag}. */
        LAG,
        /** The archiver service is gone (stopped, crashed, killed, hung); told by the next that notices, see {@link ArchiverStops}. */
        STOPPED
    }

    /** Nobody is told. */
    LogArchiveWatcher NONE = (source, problem, active, message) -> { };

    /**
     * @param source  the source
     * @param problem which problem
     * @param active  true when it begins, false when it is over
     * @param message one line saying what was seen and what to do
     */
    void changed(String source, Problem problem, boolean active, String message);
}
