package dev.backstop.logarchive;

import dev.backstop.commit.LogSegmentStore;
import dev.backstop.core.EventLog;
import dev.backstop.core.LogSegment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What an archiver records and tells about its archive, apart from cutting and committing: the
 * newest segment on every target and what a look at the targets found (gaps, the recovery
 * window's start) in {@link ArchiveStateFile}, and, to its {@link LogArchiveWatcher}, when a gap
 * or a lag beyond {@code max_lag} begins and ends, once each. A watcher that throws is logged and
 * stops nothing.
 */
final class ArchiveWatch {

    /** How often a running archiver looks at the targets' segments and dumps for gaps and the window. */
    static final Duration RESCAN = Duration.ofMinutes(5);

    private final String source;
    private final List<LogSegmentStore> stores;
    private final Path workDir;
    private final Duration maxLag;
    private final LogArchiveWatcher watcher;
    private final Clock clock;
    private final EventLog log;
    private final Instant startedAt;
    private ArchiveStateFile.Content recorded;
    private Instant lastScan = Instant.EPOCH;
    private boolean gapReported;
    private boolean lagReported;
    private String lastError;

    ArchiveWatch(String source, List<LogSegmentStore> stores, Path workDir, Duration maxLag, LogArchiveWatcher watcher,
                 Clock clock, EventLog log) {
        this.source = source;
        this.stores = List.copyOf(stores);
        this.workDir = workDir;
        this.maxLag = maxLag;
        this.watcher = watcher;
        this.clock = clock;
        this.log = log;
        this.startedAt = clock.instant();
        try {
            recorded = ArchiveStateFile.content(workDir);
        } catch (IOException e) {
            log.warn("source " + source + ": " + e.getMessage());
        }
        if (recorded == null) {
            recorded = new ArchiveStateFile.Content(null, null, List.of(), null, null, null);
        }
        gapReported = !recorded.gaps().isEmpty(); // told before a restart, not again
    }

    /** The stream stopped with {@code why}, which a lag told from now on names. */
    void stopped(String why) {
        lastError = why;
    }

    /** The archiver caught up: the stream works. */
    void streaming() {
        lastError = null;
    }

    /** Counts {@code at} as a look at the targets, so that the next is due {@link #RESCAN} later. */
    void scanned(Instant at) {
        lastScan = at;
    }

    /** Records {@code newest}, the newest segment on every target (null: none yet), when it changed. */
    void committed(LogSegment newest) throws IOException {
        String at = newest == null ? null : new LogPosition(newest.logFile(), newest.end()).toString();
        if (at != null && !at.equals(recorded.newest())) {
            record(new ArchiveStateFile.Content(at, clock.instant(), recorded.gaps(), recorded.windowFrom(),
                    recorded.windowDump(), recorded.checkedAt()));
        }
    }

    /** {@link #scan} when the last look is {@link #RESCAN} old. */
    void scanIfDue() throws IOException {
        if (Duration.between(lastScan, clock.instant()).compareTo(RESCAN) >= 0) {
            scan();
        }
    }

    /** Looks at the targets for gaps and the recovery window's start, records it, tells of a gap. */
    void scan() throws IOException {
        lastScan = clock.instant();
        ChainScan.Result r = ChainScan.scan(source, stores, log);
        record(new ArchiveStateFile.Content(recorded.newest(), recorded.newestAt(), r.gaps(),
                r.windowDump() == null ? null : r.windowDump().time(),
                r.windowDump() == null ? null : r.windowDump().backupId(), lastScan));
        if (!r.gaps().isEmpty() && !gapReported) {
            gapReported = true;
            log.error("source " + source + ": a gap in the archived binary logs: " + String.join("; ", r.gaps()));
            tell(LogArchiveWatcher.Problem.GAP, true, "source " + source + ": the archived binary logs have "
                    + r.gaps().size() + " gap(s), a replay stops at the first: " + String.join("; ", r.gaps())
                    + "; run `backstop verify` and take a full dump (`backstop run`) so that a chain starts after it");
        } else if (r.gaps().isEmpty() && gapReported) {
            gapReported = false;
            tell(LogArchiveWatcher.Problem.GAP, false, "source " + source + ": the archived binary logs join again,"
                    + " no gap on any target");
        }
    }

    /**
     * Tells when the archive falls further behind than max_lag, and when it is back.
     *
     * @param caughtUp the last caught-up moment; the epoch when never (then the lag counts from the start)
     */
    void lag(Instant now, Instant caughtUp) {
        if (maxLag == null) {
            return;
        }
        Instant base = caughtUp.equals(Instant.EPOCH) ? startedAt : caughtUp;
        Duration lag = Duration.between(base, now);
        if (lag.compareTo(maxLag) > 0 && !lagReported) {
            lagReported = true;
            tell(LogArchiveWatcher.Problem.LAG, true, "source " + source + ": the binary-log archive is "
                    + lag.toSeconds() + " s behind the server, more than max_lag " + maxLag.toSeconds() + " s"
                    + (lastError == null ? "" : "; the stream last stopped with: " + lastError));
        } else if (lag.compareTo(maxLag) <= 0 && lagReported) {
            lagReported = false;
            tell(LogArchiveWatcher.Problem.LAG, false, "source " + source + ": the binary-log archive has caught up"
                    + " with the server again");
        }
    }

    private void tell(LogArchiveWatcher.Problem problem, boolean active, String message) {
        try {
            watcher.changed(source, problem, active, message);
        } catch (RuntimeException e) {
            log.error("source " + source + ": telling about the log archive failed (archiving goes on): " + e);
        }
    }

    private void record(ArchiveStateFile.Content content) throws IOException {
        recorded = content;
        ArchiveStateFile.write(workDir, content);
    }
}
