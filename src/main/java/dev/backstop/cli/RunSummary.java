package dev.backstop.cli;

import dev.backstop.core.ByteSize;
import dev.backstop.core.Durations;
import dev.backstop.run.RunReport;
import dev.backstop.run.TargetOutcome;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The one-line human summary that ends a run. */
final class RunSummary {

    /** Up to this many warnings are named in the line; beyond it, the first and a count. */
    static final int WARNINGS_NAMED = 3;

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
        String notes = warnings(r.warnings());
        if (!r.anomalies().isEmpty()) {
            notes += "; findings: " + r.anomalies().stream().map(dev.backstop.core.AnomalyFinding::message)
                    .collect(Collectors.joining("; ")) + " (if expected: backstop accept " + r.id() + ")";
        }
        if (r.historyProblem() != null) {
            notes += "; history: " + r.historyProblem();
        }
        return head + ": " + r.components().size() + " component(s)" + chains(r) + positions(r) + ", "
                + ByteSize.human(r.storedBytes())
                + " stored; " + targets + "; took " + took + notes;
    }

    /** The sources recorded by their log position: {@code ", 1 log position (appdb: bin.000042:1086 on dump 20261204T030000Z)"}. */
    private static String positions(RunReport r) {
        if (r.logPositions().isEmpty()) {
            return "";
        }
        return ", " + r.logPositions().size() + " log position(s) (" + r.logPositions().stream()
                .map(p -> p.name() + ": " + p.describe() + " on dump " + p.dump()).collect(Collectors.joining(", ")) + ")";
    }

    /** Where each incremental component stands: {@code " (www: increment level 2 of 20261201T020000Z)"}; the log says why a full was made. */
    private static String chains(RunReport r) {
        String chains = r.components().stream().filter(c -> c.incremental() != null)
                .map(c -> c.name() + ": " + (c.incremental().isFull() ? "full"
                        : "increment level " + c.incremental().level() + " of " + c.incremental().base()))
                .collect(Collectors.joining(", "));
        return chains.isEmpty() ? "" : " (" + chains + ")";
    }

    /**
     * Names the warnings, so that a mail of the summary alone says which file changed while read:
     * {@code "; 1 warning: www: /var/log/app.log: shrank ..."}, several numbered, many cut after the first.
     */
    static String warnings(List<String> warnings) {
        if (warnings.isEmpty()) {
            return "";
        }
        if (warnings.size() == 1) {
            return "; 1 warning: " + oneLine(warnings.get(0));
        }
        StringBuilder b = new StringBuilder("; ").append(warnings.size()).append(" warnings:");
        int named = warnings.size() <= WARNINGS_NAMED ? warnings.size() : 1;
        for (int i = 0; i < named; i++) {
            b.append(" (").append(i + 1).append(") ").append(oneLine(warnings.get(i)));
        }
        if (named < warnings.size()) {
            b.append(" (and ").append(warnings.size() - named).append(" more, see the log)");
        }
        return b.toString();
    }

    /** A file name may hold a line break; the summary stays one line. */
    private static String oneLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ');
    }
}
