package dev.backstop.cli;

import dev.backstop.core.ByteSize;
import dev.backstop.core.Durations;
import dev.backstop.run.RunReport;
import dev.backstop.run.TargetOutcome;
import java.time.Duration;
import java.util.stream.Collectors;

/** The one-line human summary that ends a run. */
final class RunSummary {

    private RunSummary() {
    }

    static String line(RunReport r) {
        String targets = r.targets().stream()
                .map(t -> t.committed() ? t.target() + " verified" : t.target() + " " + t.state().toUpperCase(java.util.Locale.ROOT)
                        + " (" + t.reason() + ")")
                .collect(Collectors.joining(", "));
        String took = Durations.human(Duration.between(r.started(), r.finished()));
        String head = switch (r.outcome()) {
            case SUCCESS -> r.historyProblem() == null ? "backup " + r.id() + " complete"
                    : "backup " + r.id() + " complete, but the HISTORY needs a human";
            case PARTIAL -> "backup " + r.id() + " INCOMPLETE: not stored on every target";
            case ANOMALY -> "backup " + r.id() + " stored, but ANOMALIES need a human";
            default -> "backup " + r.id() + " FAILED";
        };
        String notes = r.warnings().isEmpty() ? "" : "; " + r.warnings().size() + " warning(s), see the log";
        if (!r.anomalies().isEmpty()) {
            notes += "; findings: " + r.anomalies().stream().map(dev.backstop.core.AnomalyFinding::message)
                    .collect(Collectors.joining("; ")) + " (if expected: backstop accept " + r.id() + ")";
        }
        if (r.historyProblem() != null) {
            notes += "; history: " + r.historyProblem();
        }
        return head + ": " + r.components().size() + " component(s), " + ByteSize.human(r.storedBytes())
                + " stored; " + targets + "; took " + took + notes;
    }
}
