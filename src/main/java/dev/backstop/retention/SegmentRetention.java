package dev.backstop.retention;

import dev.backstop.commit.BackupSets;
import dev.backstop.commit.LogSegmentStore;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.EventLog;
import dev.backstop.core.Manifest;
import dev.backstop.core.SourceFacts;
import dev.backstop.retention.SegmentPlanner.Anchor;
import dev.backstop.retention.SegmentPlanner.LogFileDecision;
import dev.backstop.target.Target;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies {@link SegmentPlanner} to the archived log segments on one target, source by source,
 * with the sets that set retention keeps: reads each kept set's binlog positions from its
 * manifest, and removes the log files before the oldest. A file is removed oldest first, its
 * segments' {@code .sha256} newest first and the directory last, so that a removal cut short
 * leaves a chain that still joins: no gap for verify to find.
 */
final class SegmentRetention {

    private final EventLog log;

    SegmentRetention(EventLog log) {
        this.log = log;
    }

    /**
     * @param sets    every set directory on the target
     * @param removed the ids of the sets that set retention removes (or, in a dry run, would)
     * @param failures receives a line per removal that failed
     * @return one decision per log file per source, in source and file order
     * @throws IOException the logs cannot be listed: nothing was removed
     */
    List<LogFileDecision> apply(Target target, String host, List<BackupSets.BackupSet> sets, Set<String> removed,
                                boolean dryRun, List<String> failures) throws IOException {
        List<LogFileDecision> all = new ArrayList<>();
        List<String> sources = LogSegmentStore.sources(target, host);
        if (sources.isEmpty()) {
            return all;
        }
        String unreadable = unreadable(sets, removed);
        for (String source : sources) {
            LogSegmentStore store = new LogSegmentStore(target, host, source);
            List<LogFileDecision> plan = SegmentPlanner.plan(source, store.logFiles(),
                    unreadable == null ? anchors(sets, removed, source) : List.of(), unreadable);
            all.addAll(plan);
            if (dryRun) {
                continue;
            }
            for (LogFileDecision d : plan) {
                if (d.keep()) {
                    continue;
                }
                try {
                    store.removeLogFile(d.logFile());
                    log.info("target " + target.name() + ": removed the log segments of " + source + " " + d.logFile()
                            + " (retention: " + d.reason() + ")");
                } catch (IOException e) {
                    String why = "target " + target.name() + ": cannot remove the log segments of " + source + " "
                            + d.logFile() + ": " + e.getMessage();
                    failures.add(why);
                    log.error(why);
                    break; // the newer files stay, so that what is left still joins
                }
            }
        }
        return all;
    }

    /** Why some set that stays cannot tell where its dumps start, or null when every one can. */
    private static String unreadable(List<BackupSets.BackupSet> sets, Set<String> removed) {
        for (BackupSets.BackupSet s : sets) {
            if (s.newerFormat()) {
                return "set " + s.id() + " was written by a newer backstop";
            }
            boolean garbage = s.manifest() == null && s.problem() != null
                    && s.problem().startsWith(Manifest.FILE_NAME + " is missing");
            if (!s.complete() && !garbage && !removed.contains(s.id().toString())) {
                return "set " + s.id() + ": " + s.problem();
            }
        }
        return null;
    }

    private static List<Anchor> anchors(List<BackupSets.BackupSet> sets, Set<String> removed, String source) {
        List<Anchor> anchors = new ArrayList<>();
        for (BackupSets.BackupSet s : sets) {
            if (!s.complete() || removed.contains(s.id().toString())) {
                continue;
            }
            for (ComponentEntry c : s.manifest().components()) {
                SourceFacts.BinlogPosition at = c.facts() == null ? null : c.facts().binlog();
                if (c.name().equals(source) && at != null) {
                    anchors.add(new Anchor(s.id().toString(), at.file(), at.position()));
                }
            }
        }
        return anchors;
    }
}
