package dev.backstop.cli;

import dev.backstop.core.Progress;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Progress without a terminal (cron, a pipe, a log file): a plain line, as the log writes it,
 * once a step has run for {@link #EVERY} and then every {@link #EVERY}; a shorter step writes
 * nothing, and nothing is ever redrawn.
 */
final class PlainProgress implements Progress {

    /** How often a long step says where it stands. */
    static final Duration EVERY = Duration.ofSeconds(30);

    private final Consumer<String> lines;
    private final LongSupplier nanoTime;
    private final long every;
    private String label;
    private long total;
    private long started;
    private long next;

    /**
     * @param lines    where each line goes (the log's INFO)
     * @param nanoTime the clock, {@code System::nanoTime}
     */
    PlainProgress(Consumer<String> lines, LongSupplier nanoTime, Duration every) {
        this.lines = lines;
        this.nanoTime = nanoTime;
        this.every = every.toNanos();
    }

    @Override
    public void start(String label, long totalBytes) {
        this.label = label;
        this.total = totalBytes;
        this.started = nanoTime.getAsLong();
        this.next = started + every;
    }

    @Override
    public void update(long doneBytes) {
        update(doneBytes, -1);
    }

    @Override
    public void update(long doneBytes, long items) {
        long now = nanoTime.getAsLong();
        if (label == null || now - next < 0) {
            return;
        }
        next = now + every;
        lines.accept(ProgressLine.of(label, doneBytes, total, items, now - started));
    }

    @Override
    public void finish() {
        label = null;
    }
}
