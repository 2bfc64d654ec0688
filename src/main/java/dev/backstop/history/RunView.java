package dev.backstop.history;

import dev.backstop.core.AnomalyFinding;
import java.util.List;

/**
 * One run with everything monitoring shows of it.
 *
 * @param run                  the run
 * @param components           its components with table rows, by name
 * @param findings             its anomaly findings, in order
 * @param commits              its target commits, by target
 * @param failedNotifications  delivery attempts for it that failed
 */
public record RunView(RunRecord run, List<ComponentRecord> components, List<AnomalyFinding> findings,
                      List<TargetCommitRecord> commits, int failedNotifications) {

    public RunView {
        components = List.copyOf(components);
        findings = List.copyOf(findings);
        commits = List.copyOf(commits);
    }
}
