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
    private volatile String context;

    public EventLog(PrintStream err, Clock clock) {
        this.err = err;
        this.clock = clock;
        this.context = "";
    }

    /** Every line after this call carries {@code [runId]}. */
    public void setRunId(String runId) {
        this.context = runId == null ? "" : " [" + runId + "]";
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

    private void line(String level, String message) {
        String ts = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        // one println per event, so lines of concurrent sources never interleave
        err.println(ts + " " + level + context + " " + message.replace('\n', ' '));
    }
}
