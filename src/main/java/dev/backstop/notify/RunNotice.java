package dev.backstop.notify;

import dev.backstop.config.NotifyConfig;
import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.ComponentEntry;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What notifiers are told about a finished run; the webhook posts it as JSON as it is.
 *
 * @param summary     the one line that comes first: host, outcome, reason
 * @param host        host namespace of the run
 * @param id          backup id
 * @param outcome     success, anomaly, partial, failed or interrupted
 * @param exitCode    the run's exit code
 * @param events      the events this run stands for (recovery comes with success)
 * @param reason      why it did not succeed; null on success
 * @param started     when it started
 * @param finished    when it ended
 * @param storedBytes bytes stored per target (sum of the components)
 * @param components  the components, when the dumps got that far
 * @param targets     each target's result, when the run got that far
 * @param anomalies   the anomaly findings
 * @param warnings    things a human may want to read, that did not fail the run
 * @param version     backstop's version
 */
public record RunNotice(
        String summary,
        String host,
        String id,
        String outcome,
        int exitCode,
        Set<NotifyConfig.Event> events,
        String reason,
        Instant started,
        Instant finished,
        long storedBytes,
        List<ComponentEntry> components,
        List<TargetLine> targets,
        List<AnomalyFinding> anomalies,
        List<String> warnings,
        String version) {

    public RunNotice {
        events = Set.copyOf(events);
        components = List.copyOf(components);
        targets = List.copyOf(targets);
        anomalies = List.copyOf(anomalies);
        warnings = List.copyOf(warnings);
    }

    /** One target's result: committed (with path and verification), failed or skipped (with reason). */
    public record TargetLine(String name, String state, String path, String verified, String reason) {
    }
}
