package dev.backstop.notify;

import dev.backstop.config.NotifyConfig;
import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.ComponentEntry;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What notifiers are told about a finished run, or a finished {@code verify} or
 * {@code restore-test} (a check); the webhook posts it as JSON as it is.
 *
 * @param summary     the one line that comes first: host, outcome, reason
 * @param kind        {@link #RUN}, {@link #VERIFY}, {@link #RESTORE_TEST} or {@link #LOG_ARCHIVE}; pings
 *                    are for runs only
 * @param host        host namespace of the run
 * @param id          backup id (of a run, or the backup a restore-test took; null for verify)
 * @param outcome     success, anomaly, partial, failed or interrupted (a check: success or failed)
 * @param exitCode    the run's exit code
 * @param events      the events this run stands for (recovery comes with success)
 * @param reason      why it did not succeed; null on success
 * @param started     when it started
 * @param finished    when it ended
 * @param storedBytes bytes stored per target (sum of the components); for a check the bytes it read
 * @param components  the components, when the dumps got that far
 * @param targets     each target's result, when the run got that far
 * @param anomalies   the anomaly findings
 * @param warnings    things a human may want to read, that did not fail the run
 * @param findings    a check's findings, one line each with severity, target, backup, file and problem
 * @param version     backstop's version
 */
public record RunNotice(
        String summary,
        String kind,
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
        List<String> findings,
        String version) {

    public static final String RUN = "run";
    public static final String VERIFY = "verify";
    public static final String RESTORE_TEST = "restore-test";
    /** A problem of a binary-log archive beginning or ending, from {@code archive-logs}. */
    public static final String LOG_ARCHIVE = "log-archive";

    public RunNotice {
        findings = List.copyOf(findings);
        events = Set.copyOf(events);
        components = List.copyOf(components);
        targets = List.copyOf(targets);
        anomalies = List.copyOf(anomalies);
        warnings = List.copyOf(warnings);
    }

    /** A backup run's notice. */
    public RunNotice(String summary, String host, String id, String outcome, int exitCode, Set<NotifyConfig.Event> events,
                     String reason, Instant started, Instant finished, long storedBytes, List<ComponentEntry> components,
                     List<TargetLine> targets, List<AnomalyFinding> anomalies, List<String> warnings, String version) {
        this(summary, RUN, host, id, outcome, exitCode, events, reason, started, finished, storedBytes, components, targets,
                anomalies, warnings, List.of(), version);
    }

    /** One target's result: committed (with path and verification), failed or skipped (with reason). */
    public record TargetLine(String name, String state, String path, String verified, String reason) {
    }
}
