package dev.backstop.logarchive;

import dev.backstop.commit.LogSegmentStore;
import dev.backstop.core.ArchiverProcess;
import dev.backstop.core.EventLog;
import dev.backstop.core.LogSegment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What an archiver records and tells about its archive, apart from cutting and committing: the
 * newest segment on every target and what a look at the targets found (gaps, the recovery
 * window's start) in {@link ArchiveStateFile}, the process itself (heartbeat, stream failure,
 * end) in {@link ArchiverRecord}, the lag over time in {@link LagSamples}; and, to its
 * {@link LogArchiveWatcher}, when a gap or a lag beyond {@code max_lag} begins and ends, once
 * each, and the recovery from a stop told by another ({@link ArchiverStops}). A watcher that
 * throws is logged and stops nothing, and so does a record that cannot be written.
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
    private final LagSamples samples;
    private ArchiverRecord process;
    /** An {@code --once} archiver while the service is stopped: it records nothing of itself and tells no recovery. */
    private boolean standIn;

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
        this.samples = new LagSamples(workDir);
        try {
            recorded = ArchiveStateFile.content(workDir);
        } catch (IOException e) {
            log.warn("source " + source + ": " + e.getMessage());
        }
        if (recorded == null) {
            recorded = new ArchiveStateFile.Content(null, null, List.of(), null, null, null, false);
        }
        gapReported = !recorded.gaps().isEmpty(); // told before a restart, not again
        lagReported = recorded.lagIsTold(); // and so is a lag
    }

    /**
     * Records this process as the source's archiver ({@link ArchiverRecord}); {@code service}: it
     * runs until stopped, else it archives once and ends. An {@code --once} archiver never takes
     * the record of a service that is stopped: it archives, but the service is still wanted, and
     * status, the metrics and the notices go on telling so until the service runs again.
     */
    void begin(boolean service) {
        // the predecessor's record apart: an unreadable one is replaced by this archiver's, not kept
        quietly("reading the record of the archiver before this one", () -> {
            ArchiverProcess before = ArchiverRecord.read(workDir);
            if (before != null && before.service() && before.exitedAt() == null && before.heartbeat() != null) {
                log.warn("source " + source + ": the archiver before this one (pid " + before.pid() + ") ended without a"
                        + " word after " + before.heartbeat().truncatedTo(ChronoUnit.SECONDS) + ": killed or crashed;"
                        + " archiving resumes where it stopped");
            }
            if (!service && before != null && before.service()
                    && before.condition(clock.instant()) == ArchiverProcess.Condition.STOPPED) {
                standIn = true;
                log.warn(before.describeStop(source, clock.instant()) + ". This archive-logs --once archives what the"
                        + " server has written, and leaves the service's record as it is; if archive-logs --once from"
                        + " a timer replaces the service for good, remove " + workDir.resolve(ArchiverRecord.NAME));
            }
        });
        if (!standIn) {
            quietly("recording the archiver", () -> process = ArchiverRecord.start(workDir, service, clock.instant()));
        }
    }

    private boolean stopTold() {
        try {
            return ArchiverStops.told(workDir) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Tells the archiver's {@link ArchiverRecord} that it is alive, every {@link ArchiverProcess#BEAT}. */
    void beat() {
        if (process != null) {
            quietly("writing the heartbeat", () -> process.beat(clock.instant()));
        }
    }

    /** The stream stopped with {@code why}, which a lag told from now on names, and which the archiver records. */
    void stopped(String why) {
        lastError = why;
        if (process != null) {
            quietly("recording the stream's failure", () -> process.failing(clock.instant(), why));
        }
    }

    /** The archiver caught up: the stream works; a stop told of its predecessor is over. */
    void streaming() {
        lastError = null;
        if (process != null) {
            quietly("recording that it streams", () -> process.streaming(clock.instant()));
        }
        // read each time: a run may have told a stop of this very archiver while it hung on a target
        if (!standIn && stopTold()) {
            quietly("forgetting the told stop", () -> ArchiverStops.clear(workDir));
            tell(LogArchiveWatcher.Problem.STOPPED, false, "source " + source + ": the binary-log archiver runs again"
                    + " (pid " + ProcessHandle.current().pid() + ") and has caught up with the server");
        }
    }

    /** The archiver ends, for {@code why}; the last lag sample is written. */
    void ended(String why) {
        quietly("writing the last lag sample", samples::flush);
        if (process != null) {
            quietly("recording the archiver's end", () -> process.exited(clock.instant(), why));
        }
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
                    recorded.windowDump(), recorded.checkedAt(), recorded.lagTold()));
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
                r.windowDump() == null ? null : r.windowDump().backupId(), lastScan, recorded.lagTold()));
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
     * Tells when the archive falls further behind than max_lag, and when it is back (caught up:
     * an archiver started again that never caught up does not end a lag told before it).
     *
     * @param caughtUp the last caught-up moment; the epoch when never (then the lag counts from the start)
     */
    void lag(Instant now, Instant caughtUp) {
        if (!caughtUp.equals(Instant.EPOCH)) {
            quietly("writing a lag sample", () -> samples.seen(now, Duration.between(caughtUp, now)));
        }
        if (maxLag == null) {
            return;
        }
        Instant base = caughtUp.equals(Instant.EPOCH) ? startedAt : caughtUp;
        Duration lag = Duration.between(base, now);
        if (lag.compareTo(maxLag) > 0 && !lagReported) {
            lagReported = true;
            quietly("recording the told lag", () -> record(recorded.withLagTold(true)));
            tell(LogArchiveWatcher.Problem.LAG, true, "source " + source + ": the binary-log archive is "
                    + lag.toSeconds() + " s behind the server, more than max_lag " + maxLag.toSeconds() + " s"
                    + (lastError == null ? "" : "; the stream last stopped with: " + lastError));
        } else if (lag.compareTo(maxLag) <= 0 && lagReported && !caughtUp.equals(Instant.EPOCH)) {
            lagReported = false;
            quietly("recording the lag's end", () -> record(recorded.withLagTold(false)));
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

    private interface Step {
        void run() throws IOException;
    }

    // what the archiver records of itself is for the readers: failing to write it stops no archiving
    private void quietly(String what, Step step) {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            log.warn("source " + source + ": " + what + " failed (archiving goes on): " + e.getMessage());
        }
    }

    private void record(ArchiveStateFile.Content content) throws IOException {
        recorded = content;
        ArchiveStateFile.write(workDir, content);
    }
}
