package dev.backstop.core;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Log lines for people and for cron mail: one line per event, a UTC timestamp, the level and
 * the run id, written once to the error stream (stdout stays for the summary and {@code --json}).
 * Callers pass messages that hold no secret; sources mask tool output before it gets here.
 */
public final class EventLog {

    private final PrintStream err;
    private final Clock clock;
    private final boolean terminal;
    private volatile String context;
    private boolean progressShown;

    /** A log for cron and pipes: no progress lines. */
    public EventLog(PrintStream err, Clock clock) {
        this(err, clock, false);
    }

    /** @param terminal whether a person watches: only then are progress lines drawn */
    public EventLog(PrintStream err, Clock clock, boolean terminal) {
        this.err = err;
        this.clock = clock;
        this.terminal = terminal;
        this.context = "";
    }

    /**
     * Draws a progress line that the next call replaces; does nothing when no terminal is
     * attached, so cron mail holds events only.
     */
    public synchronized void progress(String line) {
        if (terminal) {
            err.print("\r\033[K" + line);
            err.flush();
            progressShown = true;
        }
    }

    /** Every line after this call carries {@code [runId]}. */
    public void setRunId(String runId) {
        this.context = runId == null ? "" : " [" + runId + "]";
    }

    /** Removes a progress line, if one is shown. */
    public synchronized void endProgress() {
        if (progressShown) {
            err.print("\r\033[K");
            err.flush();
            progressShown = false;
        }
    }

    public void info(String message) {
        line("INFO ", message);
    }

    public void warn(String message) {
        line("WARN ", message);
    }

    public void error(String message) {
        line("ERROR", message);
    }

    private synchronized void line(String level, String message) {
        if (progressShown) {
            err.print("\r\033[K");
            progressShown = false;
        }
        String ts = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        // one println per event, so lines of concurrent sources never interleave
        err.println(ts + " " + level + context + " " + message.replace('\n', ' '));
    }
}
