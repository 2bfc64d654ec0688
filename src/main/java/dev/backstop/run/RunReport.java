package dev.backstop.run;

import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ExitCode;
import dev.backstop.core.RunOutcome;
import java.time.Instant;
import java.util.List;

/**
 * The result of a run that got as far as the targets: the components and each target's
 * outcome. Runs that stop earlier end with an exception instead.
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
        List<AnomalyFinding> anomalies) {

    public RunReport {
        warnings = List.copyOf(warnings);
        anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
    }

    /** This report with {@code more} warnings after its own. */
    RunReport withWarnings(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(more);
        return new RunReport(id, host, started, finished, outcome, exitCode, reason, components, targets, all, anomalies);
    }

    public long storedBytes() {
        return components.stream().mapToLong(ComponentEntry::bytes).sum();
    }

    static int exitCodeOf(RunOutcome outcome) {
        return switch (outcome) {
            case SUCCESS -> ExitCode.OK.code();
            case ANOMALY -> ExitCode.ANOMALY.code();
            default -> ExitCode.TARGET_FAILED.code();
        };
    }
}
