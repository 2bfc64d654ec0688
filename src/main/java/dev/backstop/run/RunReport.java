package dev.backstop.run;

import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.LogPositionEntry;
import dev.backstop.core.ExitCode;
import dev.backstop.core.RunOutcome;
import java.time.Instant;
import java.util.List;

/**
 * The result of a run that got as far as the targets: the components and each target's
 * outcome. Runs that stop earlier end with an exception instead.
 *
 * @param reason         why the backup did not simply succeed (targets, anomalies); null when it did
 * @param historyProblem why a human must look at the history although the backup is fine (it was
 *                       damaged and rebuilt, or this run could not be recorded); null when sound
 * @param logPositions   the sources not dumped in this run, whose log position the set records instead
 */
public record RunReport(
        String id,
        String host,
        Instant started,
        Instant finished,
        RunOutcome outcome,
        int exitCode,
        String reason,
        List<ComponentEntry> components,
        List<TargetOutcome> targets,
        List<String> warnings,
        List<AnomalyFinding> anomalies,
        String historyProblem,
        List<LogPositionEntry> logPositions) {

    public RunReport {
        warnings = List.copyOf(warnings);
        anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
        logPositions = logPositions == null ? List.of() : List.copyOf(logPositions);
    }

    /** A run that dumped every source. */
    public RunReport(String id, String host, Instant started, Instant finished, RunOutcome outcome, int exitCode,
                     String reason, List<ComponentEntry> components, List<TargetOutcome> targets, List<String> warnings,
                     List<AnomalyFinding> anomalies, String historyProblem) {
        this(id, host, started, finished, outcome, exitCode, reason, components, targets, warnings, anomalies,
                historyProblem, List.of());
    }

    /** This report with {@code more} warnings after its own. */
    RunReport withWarnings(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(more);
        return new RunReport(id, host, started, finished, outcome, exitCode, reason, components, targets, all, anomalies,
                historyProblem, logPositions);
    }

    /** The same report once the history failed after it was made: the exit code follows. */
    RunReport withHistoryProblem(String problem, List<String> moreWarnings) {
        List<String> all = new java.util.ArrayList<>(warnings);
        moreWarnings.stream().filter(w -> !all.contains(w)).forEach(all::add);
        return new RunReport(id, host, started, finished, outcome, exitCodeOf(outcome, problem), reason, components,
                targets, all, anomalies, problem, logPositions);
    }

    /** The reason, then the history's problem: what history and notifications say; null on a plain success. */
    public String fullReason() {
        if (historyProblem == null) {
            return reason;
        }
        return reason == null ? historyProblem : reason + "; " + historyProblem;
    }

    public long storedBytes() {
        return components.stream().mapToLong(ComponentEntry::bytes).sum();
    }

    /** A history problem makes a success a 7 (a human must look); a target's failure stays 6. */
    static int exitCodeOf(RunOutcome outcome, String historyProblem) {
        return switch (outcome) {
            case SUCCESS -> historyProblem == null ? ExitCode.OK.code() : ExitCode.ANOMALY.code();
            case ANOMALY -> ExitCode.ANOMALY.code();
            default -> ExitCode.TARGET_FAILED.code();
        };
    }
}
