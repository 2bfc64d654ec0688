package dev.backstop.run;

import dev.backstop.commit.LogSegmentStore;
import dev.backstop.config.BackstopConfig;
import dev.backstop.core.ConfigException;
import dev.backstop.core.SourceException;
import dev.backstop.config.LogArchiveConfig;
import dev.backstop.config.SourceConfig;
import dev.backstop.core.EventLog;
import dev.backstop.encryption.AgeRecipients;
import dev.backstop.encryption.EncryptionException;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.logarchive.ArchiverStops;
import dev.backstop.logarchive.LogArchiveWatcher;
import dev.backstop.logarchive.LogArchiver;
import dev.backstop.registry.Kinds;
import dev.backstop.source.LogStreamer;
import dev.backstop.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The workflow of {@code backstop archive-logs}: under its own lock ({@code state_dir/archive-logs.lock},
 * apart from a run's, so backups and archiving go on side by side), one {@link LogArchiver} per
 * source with {@code log_archive}, its work in {@code state_dir/logs/<source>}.
 */
public final class LogArchiveRun {

    /** The local buffer of segments not yet on every target, per source, before it is an alert. */
    static final long MAX_PENDING_BYTES = 1L << 30;

    private final List<LogArchiver> archivers = new ArrayList<>();
    private final Path lockFile;
    private final LogArchiveNotifying notifying;

    public LogArchiveRun(BackstopConfig config, List<Target> targets, Clock clock, EventLog log) throws ConfigException {
        this.lockFile = config.stateDir().resolve("archive-logs.lock");
        ProcessRunner runner = new ProcessRunner();
        this.notifying = new LogArchiveNotifying(config, clock, log);
        for (SourceConfig sc : config.sources()) {
            var settings = Kinds.kindOf(sc).logArchive(sc);
            if (settings.isEmpty()) {
                continue;
            }
            LogArchiveConfig l = settings.get();
            LogStreamer streamer = Kinds.kindOf(sc).logStreamer(sc, runner).orElseThrow();
            // segments are encrypted like the sets: sealed on the targets that encrypt
            List<LogSegmentStore> stores = targets.stream()
                    .map(t -> new LogSegmentStore(t, config.host(), sc.name(), config.encrypts(t.name()))).toList();
            archivers.add(new LogArchiver(sc.name(), streamer, stores, recipients(config),
                    LogArchiver.workDir(config.stateDir(), sc.name()), l.segmentMaxAge(), MAX_PENDING_BYTES, l.maxLag(),
                    notifying, clock, log));
        }
        if (archivers.isEmpty()) {
            throw new ConfigException(config.file() + ": no source has log_archive; archive-logs has nothing to do");
        }
    }

    private static AgeRecipients recipients(BackstopConfig config) throws ConfigException {
        if (!config.encrypted()) {
            return null;
        }
        try {
            return AgeRecipients.of(config.encryption().recipients());
        } catch (EncryptionException e) {
            throw new ConfigException(config.file() + ": " + e.getMessage());
        }
    }

    /** Archives what every server has written now, then returns. */
    public void once() throws Exception {
        try (RunLock lock = RunLock.acquire(lock()); LogArchiveNotifying notices = notifying) {
            for (LogArchiver a : archivers) {
                try {
                    a.archiveOnce();
                } catch (IOException e) {
                    throw new SourceException(e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Archives every source on its own thread until interrupted (SIGTERM), telling the notifiers
     * of gaps and of lags beyond max_lag.
     */
    public void forever() throws Exception {
        try (RunLock lock = RunLock.acquire(lock()); LogArchiveNotifying notices = notifying) {
            List<Thread> threads = new ArrayList<>();
            for (LogArchiver a : archivers) {
                Thread t = new Thread(() -> {
                    try {
                        a.archiveForever();
                    } catch (InterruptedException e) {
                        // stopping
                    }
                }, "archive-logs");
                t.start();
                threads.add(t);
            }
            try {
                for (Thread t : threads) {
                    t.join();
                }
            } finally {
                threads.forEach(Thread::interrupt);
                for (Thread t : threads) {
                    t.join();
                }
            }
        }
    }

    /**
     * Tells the notifiers, once per death, of every source whose archiver service is found stopped
     * (a dead archiver tells nobody itself: the next {@code run} does; see {@link ArchiverStops}).
     * Logs each as an error, waits for the notices at most their budget, never throws.
     */
    public static void tellStoppedArchivers(BackstopConfig config, Clock clock, EventLog log) {
        List<String> sources = config.sources().stream().filter(sc -> Kinds.kindOf(sc).logArchive(sc).isPresent())
                .map(SourceConfig::name).toList();
        if (sources.isEmpty()) {
            return;
        }
        try (LogArchiveNotifying notices = new LogArchiveNotifying(config, clock, log)) {
            LogArchiveWatcher logged = (source, problem, active, message) -> {
                log.error(message);
                notices.changed(source, problem, active, message);
            };
            for (String source : sources) {
                ArchiverStops.tellIfStopped(LogArchiver.workDir(config.stateDir(), source), source, logged,
                        clock.instant(), log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path lock() throws IOException {
        Files.createDirectories(lockFile.getParent());
        return lockFile;
    }
}
