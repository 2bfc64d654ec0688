package dev.backstop.run;

import dev.backstop.commit.BackupSetCommitter;
import dev.backstop.commit.BackupSets;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.EventLog;
import dev.backstop.core.Manifest;
import dev.backstop.core.RunOutcome;
import dev.backstop.core.TargetException;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.TargetCommitRecord;
import dev.backstop.target.Target;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Step 3 of a run: clean up after a run that was killed. Holding the lock proves that no
 * partial set on a target is still being written, so every one is garbage. A complete set that
 * history does not know (a run killed between its rename and its history row, or a history that
 * was lost) is re-read; an intact one is adopted into history, a damaged one is reported.
 */
final class Recovery {

    private Recovery() {
    }

    static void sweep(List<Target> targets, String host, EventLog log) {
        for (Target t : targets) {
            try {
                for (String swept : new BackupSetCommitter().sweepPartials(t, host)) {
                    log.warn("target " + t.name() + ": removed " + swept + " left by an interrupted run");
                }
            } catch (TargetException e) {
                // a sweep that fails now is retried by the next run; it must not stop this backup
                log.warn("target " + t.name() + ": could not sweep partial sets: " + e.getMessage());
            }
        }
    }

    static void adoptUnknownSets(List<Target> targets, String host, HistoryStore history, Clock clock, EventLog log) {
        for (Target t : targets) {
            try {
                Set<String> known = history.committedIds(t.name());
                for (BackupSets.BackupSet set : BackupSets.list(t, host)) {
                    if (!set.complete() || known.contains(set.id().toString())) {
                        continue;
                    }
                    List<String> problems = BackupSets.recheck(t, set);
                    if (problems.isEmpty()) {
                        adopt(t, set, history, clock);
                        log.warn("target " + t.name() + ": backup " + set.id() + " was not in history; re-read, intact,"
                                + " adopted");
                    } else {
                        log.error("target " + t.name() + ": backup " + set.id() + " is not in history and is damaged: "
                                + String.join("; ", problems));
                    }
                }
            } catch (TargetException | IOException | RuntimeException e) {
                log.warn("target " + t.name() + ": could not check for backups unknown to history: " + e.getMessage());
            }
        }
    }

    private static void adopt(Target t, BackupSets.BackupSet set, HistoryStore history, Clock clock) {
        Manifest m = set.manifest();
        long bytes = m.components().stream().mapToLong(ComponentEntry::bytes).sum();
        if (history.run(m.id()).isEmpty()) {
            // history lost the run itself: rebuild its row from the manifest, saying where it came from
            history.recordRunStarted(m.id(), m.host(), m.started(), 0);
            for (ComponentEntry c : m.components()) {
                history.recordComponent(m.id(), c);
            }
            history.recordRunFinished(m.id(), m.finished(), RunOutcome.SUCCESS, 0,
                    "adopted from target " + t.name() + " after re-reading every file", bytes);
        }
        history.recordTargetCommit(m.id(), TargetCommitRecord.committed(t.name(), set.path(), "read-back (adopted)", bytes,
                clock.instant()));
    }
}
