package dev.backstop.run;

import dev.backstop.commit.BackupSets;
import dev.backstop.commit.LogSegmentStore;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.LogArchiveConfig;
import dev.backstop.config.SourceConfig;
import dev.backstop.core.BackstopException;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.EventLog;
import dev.backstop.core.LogArchiveState;
import dev.backstop.core.LogPositionEntry;
import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import dev.backstop.logarchive.ArchiveStateFile;
import dev.backstop.logarchive.LogArchiver;
import dev.backstop.logarchive.LogPosition;
import dev.backstop.logarchive.RecoveryWindow;
import dev.backstop.registry.Kinds;
import dev.backstop.source.LogPositionSource;
import dev.backstop.source.Source;
import dev.backstop.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code full_dump_every} of the sources with {@code log_archive:} in one run: for each, the
 * {@link DumpDecision}, and for one that is not dumped the log position the set records instead.
 * Whatever cannot be read or asked makes a dump, never a position without one.
 */
final class LogPositions {

    private final BackstopConfig config;
    private final boolean fullRequested;
    private final Clock clock;
    private final EventLog log;
    private final List<Target> targets;
    // the complete sets per target, listed once for the first source that needs them
    private final java.util.Map<String, List<BackupSets.BackupSet>> listed = new java.util.HashMap<>();

    LogPositions(BackstopConfig config, boolean fullRequested, List<Target> targets, Clock clock, EventLog log) {
        this.config = config;
        this.fullRequested = fullRequested;
        this.targets = List.copyOf(targets);
        this.clock = clock;
        this.log = log;
    }

    /**
     * The log position that stands for the source in this run, decided and logged; empty when the
     * source is dumped (no {@code log_archive}, or the decision or the reading of the position says so).
     */
    Optional<LogPositionEntry> instead(Source source, SourceConfig sc, Path scratch) throws InterruptedException {
        Optional<LogArchiveConfig> settings = Kinds.kindOf(sc).logArchive(sc);
        if (settings.isEmpty() || !(source instanceof LogPositionSource positions)) {
            return Optional.empty();
        }
        DumpDecision decision;
        try {
            LogArchiveState state = ArchiveStateFile.read(LogArchiver.workDir(config.stateDir(), sc.name()), sc.name(),
                    settings.get().maxLag());
            decision = DumpDecision.decide(settings.get(), new DumpDecision.Facts(fullRequested, clock.instant(),
                    state.caughtUp(), state.gaps(), fullRequested ? List.of() : newestDumps(sc.name()), state.process()));
        } catch (IOException e) {
            decision = new DumpDecision(null, "the log archiver's state cannot be read: " + e.getMessage());
        }
        if (decision.dumps()) {
            log.info("source " + sc.name() + ": " + decision.describe());
            return Optional.empty();
        }
        SourceFacts.BinlogPosition at;
        try {
            Files.createDirectories(scratch);
            at = positions.currentLogPosition(scratch);
        } catch (SourceException | IOException e) {
            log.warn("source " + sc.name() + ": dumped, since the log position cannot be read: " + e.getMessage());
            return Optional.empty();
        }
        String reason = "full_dump_every " + dev.backstop.core.Durations.human(settings.get().fullDumpEvery())
                + " not due: the dump of " + decision.dump() + " and the archived logs after it hold the source";
        log.info("source " + sc.name() + ": " + decision.describe() + "; position " + at.file() + ":" + at.position()
                + (at.gtid() == null ? "" : " (GTID " + at.gtid() + ")"));
        return Optional.of(new LogPositionEntry(sc.name(), sc.type(), at, clock.instant(), decision.dump(), reason));
    }

    private List<DumpDecision.TargetDump> newestDumps(String source) {
        List<DumpDecision.TargetDump> found = new ArrayList<>();
        for (Target t : targets) {
            try {
                String dump = null;
                SourceFacts.BinlogPosition at = null;
                List<BackupSets.BackupSet> onTarget = sets(t);
                for (int i = onTarget.size() - 1; i >= 0 && dump == null; i--) {
                    BackupSets.BackupSet set = onTarget.get(i);
                    for (ComponentEntry c : set.manifest().components()) {
                        if (c.name().equals(source) && c.facts() != null && c.facts().binlog() != null) {
                            dump = set.id().toString();
                            at = c.facts().binlog();
                        }
                    }
                }
                boolean joined = false;
                if (at != null) {
                    Optional<LogPosition> start = RecoveryWindow.chainStart(
                            new LogSegmentStore(t, config.host(), source).committed());
                    joined = start.isPresent() && new LogPosition(at.file(), at.position()).compareTo(start.get()) >= 0;
                }
                found.add(new DumpDecision.TargetDump(t.name(), dump, joined, null));
            } catch (IOException | BackstopException e) {
                found.add(new DumpDecision.TargetDump(t.name(), null, false, e.getMessage()));
            }
        }
        return found;
    }

    private List<BackupSets.BackupSet> sets(Target t) throws BackstopException {
        List<BackupSets.BackupSet> cached = listed.get(t.name());
        if (cached == null) {
            cached = BackupSets.list(t, config.host()).stream().filter(BackupSets.BackupSet::complete).toList();
            listed.put(t.name(), cached);
        }
        return cached;
    }
}
