package dev.backstop.core;

import java.util.Locale;

/** How a run ended, as history records it and monitoring reads it. */
public enum RunOutcome {
    /** Still in progress (or its process died: the next run turns it into ABORTED). */
    RUNNING,
    /** Complete, committed and verified on every target. */
    SUCCESS,
    /** Stored and verified everywhere, but an anomaly needs a human. */
    ANOMALY,
    /** Committed on some targets, failed on others. */
    PARTIAL,
    /** Nothing committed: configuration, preflight or a source failed. */
    FAILED,
    /** Stopped by SIGINT or SIGTERM; partial files removed. */
    INTERRUPTED,
    /** Its process died without a word (SIGKILL, power loss); found by a later run. */
    ABORTED;

    /** Lower-case word used in history rows and JSON. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunOutcome ofWord(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
