package dev.backstop.run;

import dev.backstop.commit.BackupSetCommitter;
import dev.backstop.commit.BackupSets;
import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.EventLog;
import dev.backstop.core.ExitCode;
import dev.backstop.core.Manifest;
import dev.backstop.core.RunOutcome;
import dev.backstop.core.TargetException;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.TargetCommitRecord;
import dev.backstop.target.Target;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Step 3 of a run: clean up after a run that was killed. Holding the lock proves that no
 * partial set on a target is still being written, so every one is garbage. A complete set that
 * history does not know (a run killed between its rename and its history row, or a history that
 * was lost or rebuilt) is re-read; an intact one is adopted into history, a damaged one is reported.
 *
 * <p>An adopted run is recorded from its manifest, components and table rows as the run recorded
 * them, so that anomaly detection finds the same values. A manifest does not say whether a person
 * accepted its anomaly findings: a set with findings is adopted as accepted. Taken as unaccepted,
 * the next run would be compared with the runs before a change a person may have accepted, and
 * report it again as a false anomaly; its findings were reported when it ran, and the adoption
 * names them again.
 */
final class Recovery {

    /**
     * What adoption found.
     *
     * @param adopted        ids of the backups adopted into history, on any target
     * @param acceptedAnyway one line per adopted backup whose anomaly findings were taken as accepted
     * @param problems       damaged sets and targets that could not be listed, one line each
     */
    record Adoption(Set<String> adopted, List<String> acceptedAnyway, List<String> problems) {

        static final Adoption NONE = new Adoption(Set.of(), List.of(), List.of());

        Adoption {
            adopted = Collections.unmodifiableSortedSet(new TreeSet<>(adopted)); // ids sort oldest first
            acceptedAnyway = List.copyOf(acceptedAnyway);
            problems = List.copyOf(problems);
        }
    }

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

    /** Re-reads every complete set that history does not record on its target, and adopts the intact ones. */
    static Adoption adoptUnknownSets(List<Target> targets, String host, HistoryStore history, Clock clock, EventLog log) {
        Set<String> adopted = new LinkedHashSet<>();
        List<String> accepted = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Target t : targets) {
            try {
                Set<String> known = history.committedIds(t.name());
                for (BackupSets.BackupSet set : BackupSets.list(t, host)) {
                    if (!set.complete() || known.contains(set.id().toString())) {
                        continue;
                    }
                    List<String> damage = BackupSets.recheck(t, set);
                    if (damage.isEmpty()) {
                        adopt(t, set, history, clock, host).ifPresent(accepted::add);
                        adopted.add(set.id().toString());
                        log.warn("target " + t.name() + ": backup " + set.id() + " was not in history; re-read, intact,"
                                + " adopted");
                    } else {
                        String problem = "target " + t.name() + ": backup " + set.id() + " is not in history and is damaged: "
                                + String.join("; ", damage);
                        log.error(problem);
                        problems.add(problem);
                    }
                }
            } catch (TargetException | IOException | RuntimeException e) {
                String problem = "target " + t.name() + ": could not check for backups unknown to history: " + e.getMessage();
                log.warn(problem);
                problems.add(problem);
            }
        }
        accepted.forEach(log::warn);
        return new Adoption(adopted, accepted, problems);
    }

    /** Records the set on its target; returns a line when its findings were taken as accepted. */
    private static Optional<String> adopt(Target t, BackupSets.BackupSet set, HistoryStore history, Clock clock,
                                                    String host) {
        Manifest m = set.manifest();
        long bytes = m.components().stream().mapToLong(ComponentEntry::bytes).sum();
        String line = null;
        if (history.run(m.id()).isEmpty()) {
            // history lost the run itself: rebuild its row from the manifest, saying where it came from
            history.recordRunStarted(m.id(), m.host() == null ? host : m.host(), m.started(), 0);
            for (ComponentEntry c : m.components()) {
                history.recordComponent(m.id(), c);
            }
            String reason = "adopted from target " + t.name() + " after re-reading every file";
            List<AnomalyFinding> findings = m.anomalies() == null ? List.of() : m.anomalies();
            if (findings.isEmpty()) {
                history.recordRunFinished(m.id(), m.finished(), RunOutcome.SUCCESS, ExitCode.OK.code(), reason, bytes);
            } else {
                history.recordRunFinished(m.id(), m.finished(), RunOutcome.ANOMALY, ExitCode.ANOMALY.code(),
                        reason + "; its anomaly findings are taken as accepted", bytes);
                history.recordFindings(m.id(), findings);
                history.acceptRun(m.id(), clock.instant());
                line = "backup " + m.id() + " was adopted with " + findings.size() + " anomaly finding(s), taken as"
                        + " accepted (its manifest cannot say whether a person had): "
                        + String.join("; ", findings.stream().map(AnomalyFinding::message).toList());
            }
        }
        history.recordTargetCommit(m.id(), TargetCommitRecord.committed(t.name(), set.path(), "read-back (adopted)", bytes,
                clock.instant()));
        return Optional.ofNullable(line);
    }
}
