package dev.backstop.logarchive;

import dev.backstop.commit.LogSegmentStore;
import dev.backstop.core.ArchiverProcess;
import dev.backstop.core.EventLog;
import dev.backstop.core.FileTrees;
import dev.backstop.core.LogSegment;
import dev.backstop.encryption.AgeRecipients;
import dev.backstop.exec.RunningProcess;
import dev.backstop.source.LogStreamer;
import dev.backstop.source.LogStreamer.LogFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Archives one source's logs: streams them into {@code <work>/stream}, cuts a segment at every
 * rotation and at least every {@code segment_max_age}, at event boundaries only, and commits each
 * to every target through the {@link PendingSegments} buffer in {@code <work>/pending}. A stream
 * resumes after the newest segment buffered or committed everywhere, so a restart, a cut
 * connection or a killed archiver leaves neither a gap nor a repeated byte.
 */
public final class LogArchiver {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final String CAUGHT_UP = "caught-up";

    private final String source;
    private final LogStreamer streamer;
    private final List<LogSegmentStore> stores;
    private final PendingSegments pending;
    private final Path streamDir;
    private final Path pidFile;
    private final Path caughtUpFile;
    private boolean pendingEmpty;
    private Instant lastCaughtUp = Instant.EPOCH;
    private final Duration segmentMaxAge;
    private final Clock clock;
    private final EventLog log;
    private final ArchiveWatch watch;

    /** An archiver whose targets keep every segment in the clear. */
    public LogArchiver(String source, LogStreamer streamer, List<LogSegmentStore> stores, Path workDir,
                       Duration segmentMaxAge, long maxPendingBytes, Clock clock, EventLog log) {
        this(source, streamer, stores, null, workDir, segmentMaxAge, maxPendingBytes, null, LogArchiveWatcher.NONE,
                clock, log);
    }

    /**
     * @param recipients what segments are sealed to for the stores that keep them sealed
     *                   ({@link LogSegmentStore#sealed}); null when none does
     */
    public LogArchiver(String source, LogStreamer streamer, List<LogSegmentStore> stores, AgeRecipients recipients,
                       Path workDir, Duration segmentMaxAge, long maxPendingBytes, Clock clock, EventLog log) {
        this(source, streamer, stores, recipients, workDir, segmentMaxAge, maxPendingBytes, null, LogArchiveWatcher.NONE,
                clock, log);
    }

    /** An archiver whose targets keep every segment in the clear, watched for gaps and lag. */
    public LogArchiver(String source, LogStreamer streamer, List<LogSegmentStore> stores, Path workDir,
                       Duration segmentMaxAge, long maxPendingBytes, Duration maxLag, LogArchiveWatcher watcher,
                       Clock clock, EventLog log) {
        this(source, streamer, stores, null, workDir, segmentMaxAge, maxPendingBytes, maxLag, watcher, clock, log);
    }

    /**
     * @param recipients what segments are sealed to for the stores that keep them sealed
     *                   ({@link LogSegmentStore#sealed}); null when none does
     * @param maxLag     a lag beyond it is told to {@code watcher}; null: never
     * @param watcher    told when a gap or a lag beyond {@code maxLag} begins and ends
     */
    public LogArchiver(String source, LogStreamer streamer, List<LogSegmentStore> stores, AgeRecipients recipients,
                       Path workDir, Duration segmentMaxAge, long maxPendingBytes, Duration maxLag,
                       LogArchiveWatcher watcher, Clock clock, EventLog log) {
        try {
            lastCaughtUp = caughtUp(workDir).orElse(Instant.EPOCH);
        } catch (IOException e) {
            log.warn("source " + source + ": " + e.getMessage());
        }
        this.watch = new ArchiveWatch(source, stores, workDir, maxLag, watcher, clock, log);
        this.source = source;
        this.streamer = streamer;
        this.stores = List.copyOf(stores);
        this.pending = new PendingSegments(workDir.resolve("pending"), stores, recipients, maxPendingBytes, log);
        this.streamDir = workDir.resolve("stream");
        this.pidFile = workDir.resolve("streamer.pid");
        this.caughtUpFile = workDir.resolve(CAUGHT_UP);
        this.segmentMaxAge = segmentMaxAge;
        this.clock = clock;
        this.log = log;
    }

    /** Archives everything the server had written when this was called, then returns. */
    public void archiveOnce() throws IOException, InterruptedException {
        watch.begin(false);
        String end = ArchiverProcess.ARCHIVED_ONCE;
        try {
            archiveWhatIsThere();
        } catch (IOException | RuntimeException e) {
            end = "--once failed: " + e.getMessage();
            throw e;
        } catch (InterruptedException e) {
            end = "stopped by a signal";
            throw e;
        } finally {
            watch.ended(end);
        }
    }

    private void archiveWhatIsThere() throws IOException, InterruptedException {
        pending.sweep();
        pending.commitAll();
        watch.committed(pending.newestCommitted());
        Instant asked = clock.instant();
        watch.scanned(asked); // once, at the end
        List<LogFile> goal = streamer.logFiles();
        if (goal.isEmpty()) {
            throw new IOException("source " + source + ": the server lists no binary logs; is log_bin on?");
        }
        LogFile last = goal.get(goal.size() - 1);
        LogPosition end = new LogPosition(last.name(), last.size());
        LogPosition from = resumePoint(goal);
        if (from.compareTo(end) < 0) {
            stream(from, at -> at.compareTo(end) >= 0);
        }
        boolean everywhere = pending.commitAll();
        watch.committed(pending.newestCommitted());
        watch.scan();
        if (!everywhere) {
            throw new IOException("source " + source + ": log segments up to " + end + " are cut but not on every target; "
                    + "they are kept in " + streamDir.resolveSibling("pending") + " and sent by the next run");
        }
        recordCaughtUp(asked);
    }

    /** Where the archiver of {@code source} keeps its work: {@code state_dir/logs/<source>}. */
    public static Path workDir(Path stateDir, String source) {
        return stateDir.resolve("logs").resolve(source);
    }

    /**
     * The last moment at which everything the server had written was on every target, as recorded
     * in {@code <work>/caught-up}; empty before the first. The log lag is now minus this: an idle
     * server does not lag.
     */
    public static Optional<Instant> caughtUp(Path workDir) throws IOException {
        Path file = workDir.resolve(CAUGHT_UP);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file).trim();
        try {
            return Optional.of(Instant.parse(text));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IOException(file + ": '" + text + "' is not a moment such as 2026-01-31T12:00:00Z; remove the"
                    + " file, the archiver writes it again once it has caught up", e);
        }
    }

    private void recordCaughtUp(Instant at) throws IOException {
        Path tmp = caughtUpFile.resolveSibling(CAUGHT_UP + ".tmp");
        Files.writeString(tmp, at + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, caughtUpFile, StandardCopyOption.ATOMIC_MOVE);
        lastCaughtUp = at;
        watch.streaming();
    }

    /** Archives until interrupted, reconnecting with backoff whenever the stream ends. */
    public void archiveForever() throws InterruptedException {
        watch.begin(true);
        try {
            archiveUntilInterrupted();
        } catch (InterruptedException e) {
            watch.ended("stopped by a signal (systemctl stop, a shutdown)");
            throw e;
        } catch (RuntimeException | Error e) {
            watch.ended("crashed: " + e);
            throw e;
        }
    }

    private void archiveUntilInterrupted() throws InterruptedException {
        Duration backoff = Duration.ofSeconds(1);
        while (!Thread.currentThread().isInterrupted()) {
            Instant before = lastCaughtUp;
            try {
                pending.commitAll();
                watch.committed(pending.newestCommitted());
                watch.scanIfDue();
                stream(resumePoint(streamer.logFiles()), at -> false);
            } catch (IOException e) {
                watch.stopped(e.getMessage());
                log.warn("source " + source + ": log archiving stopped, retried in " + backoff.toSeconds() + " s: "
                        + e.getMessage());
            }
            watch.lag(clock.instant(), lastCaughtUp);
            watch.beat();
            if (lastCaughtUp.isAfter(before)) {
                backoff = Duration.ofSeconds(1); // that stream worked: the next failure is a new one
            }
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        throw new InterruptedException();
    }

    /**
     * Where archiving goes on: after the newest buffered segment, else after the newest segment
     * that every target holds, else at the start of the server's oldest log.
     */
    LogPosition resumePoint(List<LogFile> serverFiles) throws IOException {
        LogSegment buffered = pending.newest();
        if (buffered != null) {
            return new LogPosition(buffered.logFile(), buffered.end());
        }
        LogPosition least = null;
        for (LogSegmentStore store : stores) {
            List<String> files = store.logFiles();
            List<LogSegment> segments = files.isEmpty() ? List.of() : store.committed(files.get(files.size() - 1));
            if (segments.isEmpty()) {
                least = null;
                break;
            }
            LogSegment newest = segments.get(segments.size() - 1);
            LogPosition at = new LogPosition(newest.logFile(), newest.end());
            least = least == null || at.compareTo(least) < 0 ? at : least;
        }
        return least != null ? least : new LogPosition(serverFiles.get(0).name(), 0);
    }

    /** One stream from {@code from}, cutting as it goes, until {@code done} or the stream ends. */
    private void stream(LogPosition from, Predicate<LogPosition> done) throws IOException, InterruptedException {
        stopOrphan();
        pending.sweep();
        FileTrees.delete(streamDir);
        Files.createDirectories(streamDir);
        log.info("source " + source + ": streaming logs from " + from);
        try (RunningProcess process = streamer.start(from.logFile(), from.offset(), streamDir)) {
            String program = ProcessHandle.of(process.pid()).flatMap(h -> h.info().command()).orElse("");
            Files.writeString(pidFile, process.pid() + "\n" + program + "\n", StandardCharsets.UTF_8);
            LogPosition at = from;
            long prefix = -1;
            long cutLocal = 0;
            Instant lastCut = clock.instant();
            pendingEmpty = pending.newest() == null;
            while (true) {
                Instant polled = clock.instant();
                boolean alive = process.alive();
                watch.beat();
                Path local = streamDir.resolve(at.logFile());
                if (prefix < 0) {
                    prefix = Files.exists(local) ? streamer.resumePrefix(local, at.offset()) : -1;
                    cutLocal = Math.max(prefix, 0);
                }
                if (prefix >= 0) {
                    String next = nextFile(at.logFile());
                    long boundary = streamer.completeUpTo(local, cutLocal);
                    long grown = boundary - cutLocal;
                    LogPosition reach = new LogPosition(at.logFile(), at.offset() + grown);
                    boolean due = next != null || !alive || done.test(reach)
                            || Duration.between(lastCut, clock.instant()).compareTo(segmentMaxAge) >= 0;
                    if (grown > 0 && due) {
                        LogSegment segment = new LogSegment(at.logFile(), at.offset(), reach.offset());
                        pending.cut(local, cutLocal, boundary, segment);
                        at = reach;
                        cutLocal = boundary;
                        lastCut = clock.instant();
                        commitPending();
                    }
                    if (done.test(at)) {
                        return;
                    }
                    watch.lag(polled, lastCaughtUp);
                    watch.scanIfDue();
                    // waiting at the end of what the server sent, with nothing unshipped: caught up
                    if (alive && next == null && pendingEmpty && boundary == Files.size(local)
                            && Duration.between(lastCaughtUp, polled).toSeconds() >= 1) {
                        recordCaughtUp(polled);
                    }
                    if (next != null && boundary == cutLocal) {
                        at = new LogPosition(next, 0);
                        prefix = 0;
                        cutLocal = 0;
                        continue;
                    }
                }
                if (!alive) {
                    throw new IOException("the log stream ended at " + at + ": " + process.stderrTail().strip());
                }
                Thread.sleep(POLL.toMillis());
            }
        } finally {
            Files.deleteIfExists(pidFile);
        }
    }

    private void commitPending() throws IOException {
        pendingEmpty = pending.commitAll();
        watch.committed(pending.newestCommitted());
        if (!pendingEmpty && pending.overflowing()) {
            log.error("source " + source + ": the local buffer of log segments not yet on every target is full; "
                    + "nothing is dropped, but the targets fall behind");
        }
    }

    /** The name of a file of the stream directory after {@code logFile}, or null. */
    private String nextFile(String logFile) throws IOException {
        try (Stream<Path> files = Files.list(streamDir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.compareTo(logFile) > 0).sorted()
                    .findFirst().orElse(null);
        }
    }

    /** A streamer left running by an archiver that was killed would write on: it is stopped first. */
    private void stopOrphan() throws IOException, InterruptedException {
        if (!Files.exists(pidFile)) {
            return;
        }
        String[] lines = Files.readString(pidFile).split("\n");
        try {
            // the same program under the same pid: a recycled pid of another program is left alone
            String program = lines.length > 1 ? lines[1] : "";
            var orphan = ProcessHandle.of(Long.parseLong(lines[0].trim()))
                    .filter(h -> !program.isEmpty() && h.info().command().map(program::equals).orElse(false));
            if (orphan.isPresent()) {
                log.warn("source " + source + ": stopping the log stream (pid " + orphan.get().pid()
                        + ") that a killed archiver left running");
                orphan.get().destroyForcibly();
                for (int i = 0; i < 50 && orphan.get().isAlive(); i++) {
                    Thread.sleep(100); // it must stop writing before its directory is emptied
                }
            }
        } catch (NumberFormatException e) {
            // not ours to interpret: removed below
        }
        Files.deleteIfExists(pidFile);
    }
}
