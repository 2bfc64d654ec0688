package dev.backstop.cli;

import dev.backstop.core.EventLog;
import dev.backstop.core.Progress;
import java.io.PrintStream;

/** Progress on one terminal line (bytes, rate, ETA), redrawn at most five times a second. */
final class TerminalProgress implements Progress {

    private final PrintStream err;
    private String label;
    private long total;
    private long startNanos;
    private long lastDraw;

    private TerminalProgress(PrintStream err) {
        this.err = err;
    }

    /** A terminal progress line when standard error is a terminal, else nothing (cron keeps plain logs). */
    static Progress forConsole(PrintStream err) {
        return onTerminal() ? new TerminalProgress(err) : Progress.NONE;
    }

    /**
     * A terminal progress line on a terminal; without one (cron), a plain line in the log every
     * {@link PlainProgress#EVERY} of a long step.
     */
    static Progress forConsole(PrintStream err, EventLog log) {
        return onTerminal() ? new TerminalProgress(err) : new PlainProgress(log::info, System::nanoTime,
                PlainProgress.EVERY);
    }

    /** True when standard input and output are a terminal, where the log's lines show beside standard output. */
    static boolean onTerminal() {
        return System.console() != null;
    }

    /**
     * The lines of a report's components for standard output: none on a terminal, where the log
     * said each one a moment ago; each, indented, where the output goes elsewhere than the log.
     */
    static java.util.List<String> componentLines(java.util.List<String> components, boolean onTerminal) {
        return onTerminal ? java.util.List.of() : components.stream().map(c -> "  " + c).toList();
    }

    @Override
    public void start(String label, long totalBytes) {
        this.label = label;
        this.total = totalBytes;
        this.startNanos = System.nanoTime();
        this.lastDraw = 0;
    }

    @Override
    public void update(long done) {
        update(done, -1);
    }

    @Override
    public void update(long done, long items) {
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L) {
            return;
        }
        lastDraw = now;
        err.print("\r\033[K" + ProgressLine.of(label, done, total, items, now - startNanos));
        err.flush();
    }

    @Override
    public void finish() {
        err.print("\r\033[K");
        err.flush();
    }
}
