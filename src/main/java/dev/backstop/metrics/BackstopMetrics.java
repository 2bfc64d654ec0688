package dev.backstop.metrics;

import dev.backstop.core.BackupId;
import dev.backstop.core.ArchiverProcess;
import dev.backstop.core.LogArchiveState;
import dev.backstop.core.RunOutcome;
import dev.backstop.history.ComponentRecord;
import dev.backstop.history.Overview;
import dev.backstop.history.RunRecord;
import dev.backstop.history.RunView;
import dev.backstop.history.StoredBackup;
import dev.backstop.history.TargetCommitRecord;
import dev.backstop.history.VerificationRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of backstop, named as Prometheus asks ({@code _bytes}, {@code _seconds},
 * {@code _timestamp_seconds}, {@code _total}). A timestamp of something that never happened is 0,
 * so that {@code time() - backstop_..._timestamp_seconds > N} alerts on it too.
 */
public final class BackstopMetrics {

    /** The content type of {@link #render}'s text. */
    public static final String CONTENT_TYPE = PrometheusText.CONTENT_TYPE;

    private BackstopMetrics() {
    }

    /**
     * @param overview history's state
     * @param host     the host namespace
     * @param version  backstop's version
     * @param targets  the configured targets' names: each gets its series even without a backup
     */
    public static String render(Overview overview, String host, String version, List<String> targets) {
        return build(overview, host, version, targets, List.of(), Instant.EPOCH).text();
    }

    /**
     * With the binary-log archives too.
     *
     * @param logs each source's archive as its archiver recorded it
     * @param now  the moment the lags are measured at
     */
    public static String render(Overview overview, String host, String version, List<String> targets,
                                List<LogArchiveState> logs, Instant now) {
        return build(overview, host, version, targets, logs, now).text();
    }

    /** The metrics of {@link #render} as data: each family with its name, type, help and samples. */
    public static List<Map<String, Object>> asData(Overview overview, String host, String version, List<String> targets) {
        return build(overview, host, version, targets, List.of(), Instant.EPOCH).families();
    }

    /** The metrics of {@link #render(Overview, String, String, List, List, Instant)} as data. */
    public static List<Map<String, Object>> asData(Overview overview, String host, String version, List<String> targets,
                                                   List<LogArchiveState> logs, Instant now) {
        return build(overview, host, version, targets, logs, now).families();
    }

    private static PrometheusText build(Overview overview, String host, String version, List<String> targets,
                                        List<LogArchiveState> logs, Instant now) {
        PrometheusText p = new PrometheusText();
        p.family("backstop_info", "gauge", "Version of backstop and the host namespace it backs up.")
                .sample("backstop_info", labels("host", host, "version", version), 1);
        lastRun(p, overview);
        p.family("backstop_last_success_timestamp_seconds", "gauge", "Start of the newest successful run.")
                .sample("backstop_last_success_timestamp_seconds", Map.of(),
                        PrometheusText.seconds(overview.newestSuccess() == null ? null : overview.newestSuccess().startedAt()));
        p.family("backstop_running", "gauge", "1 while history holds a run marked running.")
                .sample("backstop_running", overview.running() == null ? 0 : 1);
        p.family("backstop_runs_total", "counter", "Runs in history by outcome.");
        for (RunOutcome o : RunOutcome.values()) {
            if (o != RunOutcome.RUNNING) {
                p.sample("backstop_runs_total", labels("outcome", o.word()), overview.outcomeCounts().getOrDefault(o, 0L));
            }
        }
        targets(p, overview, targets);
        components(p, overview.newestStored());
        verification(p, "verify", overview.lastVerify(), null);
        verification(p, "restore_test", overview.lastRestoreTest(), overview.lastPassedRestoreTest());
        if (!logs.isEmpty()) {
            logArchives(p, logs, now);
        }
        return p;
    }

    private static void logArchives(PrometheusText p, List<LogArchiveState> logs, Instant now) {
        p.family("backstop_log_archive_lag_seconds", "gauge", "Now minus the last moment at which everything the server"
                + " had written was on every target (an idle server does not lag); since the epoch when never.");
        for (LogArchiveState l : logs) {
            Instant base = l.caughtUp() == null ? Instant.EPOCH : l.caughtUp();
            Duration lag = Duration.between(base, now);
            p.sample("backstop_log_archive_lag_seconds", labels("source", l.source()),
                    PrometheusText.seconds(lag.isNegative() ? Duration.ZERO : lag));
        }
        p.family("backstop_log_archive_up", "gauge", "1 while the source's archive-logs process runs and writes its"
                + " heartbeat, 0 when it is stopped, killed, crashed, hung or never ran (and between two --once runs).");
        for (LogArchiveState l : logs) {
            ArchiverProcess.Condition c = l.process() == null ? null : l.process().condition(now);
            p.sample("backstop_log_archive_up", labels("source", l.source()),
                    c == ArchiverProcess.Condition.STREAMING || c == ArchiverProcess.Condition.RECONNECTING ? 1 : 0);
        }
        p.family("backstop_log_archive_streaming", "gauge", "1 while the archiver streams, 0 while it fails to"
                + " (reconnecting with backoff: access denied, server down, a target) or does not run.");
        for (LogArchiveState l : logs) {
            boolean streaming = l.process() != null && l.process().condition(now) == ArchiverProcess.Condition.STREAMING;
            p.sample("backstop_log_archive_streaming", labels("source", l.source()), streaming ? 1 : 0);
        }
        p.family("backstop_log_archive_heartbeat_timestamp_seconds", "gauge",
                "The archiver's last sign of life; 0 when none ever ran.");
        for (LogArchiveState l : logs) {
            p.sample("backstop_log_archive_heartbeat_timestamp_seconds", labels("source", l.source()),
                    PrometheusText.seconds(l.process() == null ? null : l.process().heartbeat()));
        }
        p.family("backstop_log_archive_max_lag_seconds", "gauge", "The source's log_archive.max_lag.");
        for (LogArchiveState l : logs) {
            p.sample("backstop_log_archive_max_lag_seconds", labels("source", l.source()), l.maxLag().toSeconds());
        }
        p.family("backstop_log_archive_caught_up_timestamp_seconds", "gauge",
                "The last moment at which everything the server had written was on every target.");
        for (LogArchiveState l : logs) {
            p.sample("backstop_log_archive_caught_up_timestamp_seconds", labels("source", l.source()),
                    PrometheusText.seconds(l.caughtUp()));
        }
        p.family("backstop_log_archive_newest_segment_timestamp_seconds", "gauge",
                "When the newest archived segment was on every target.");
        for (LogArchiveState l : logs) {
            p.sample("backstop_log_archive_newest_segment_timestamp_seconds", labels("source", l.source()),
                    PrometheusText.seconds(l.newestAt()));
        }
        p.family("backstop_log_archive_newest_position_bytes", "gauge",
                "Where the newest segment on every target ends: the byte offset in the binlog file of the label.");
        for (LogArchiveState l : logs) {
            if (l.newest() != null && l.newest().lastIndexOf(':') > 0) {
                int colon = l.newest().lastIndexOf(':');
                p.sample("backstop_log_archive_newest_position_bytes", labels("source", l.source(), "file",
                        l.newest().substring(0, colon)), Long.parseLong(l.newest().substring(colon + 1)));
            }
        }
        p.family("backstop_log_archive_gaps", "gauge", "Ranges missing among the archived segments on the targets,"
                + " as the archiver last saw them; a replay stops at the first.");
        for (LogArchiveState l : logs) {
            p.sample("backstop_log_archive_gaps", labels("source", l.source()), l.gaps().size());
        }
        p.family("backstop_log_archive_recovery_window_start_timestamp_seconds", "gauge", "Start of the recovery"
                + " window: the oldest dump whose chain of segments is complete; 0 when there is none.");
        for (LogArchiveState l : logs) {
            p.sample("backstop_log_archive_recovery_window_start_timestamp_seconds", labels("source", l.source()),
                    PrometheusText.seconds(l.windowTo() == null ? null : l.windowFrom()));
        }
        p.family("backstop_log_archive_recovery_window_seconds", "gauge", "Length of the recovery window, from its"
                + " start to the caught-up moment; 0 when there is none.");
        for (LogArchiveState l : logs) {
            Duration window = l.windowTo() == null ? Duration.ZERO : Duration.between(l.windowFrom(), l.windowTo());
            p.sample("backstop_log_archive_recovery_window_seconds", labels("source", l.source()),
                    PrometheusText.seconds(window.isNegative() ? Duration.ZERO : window));
        }
    }

    private static void lastRun(PrometheusText p, Overview o) {
        RunView v = o.newestFinished();
        RunRecord r = v == null ? null : v.run();
        p.family("backstop_last_run_timestamp_seconds", "gauge", "Start of the newest finished run.")
                .sample("backstop_last_run_timestamp_seconds", Map.of(), PrometheusText.seconds(r == null ? null : r.startedAt()));
        p.family("backstop_last_run_outcome", "gauge", "1 for the outcome of the newest finished run, 0 for the others.");
        for (RunOutcome out : RunOutcome.values()) {
            if (out != RunOutcome.RUNNING) {
                p.sample("backstop_last_run_outcome", labels("outcome", out.word()), r != null && r.outcome() == out ? 1 : 0);
            }
        }
        if (r == null) {
            return;
        }
        if (r.exitCode() != null) {
            p.family("backstop_last_run_exit_code", "gauge", "Exit code of the newest finished run.")
                    .sample("backstop_last_run_exit_code", r.exitCode());
        }
        if (r.finishedAt() != null) {
            p.family("backstop_last_run_duration_seconds", "gauge", "Duration of the newest finished run.")
                    .sample("backstop_last_run_duration_seconds", Map.of(),
                            PrometheusText.seconds(Duration.between(r.startedAt(), r.finishedAt())));
        }
        p.family("backstop_last_run_stored_bytes", "gauge", "Bytes the newest finished run stored (compressed).")
                .sample("backstop_last_run_stored_bytes", r.bytes() == null ? 0 : r.bytes());
        p.family("backstop_last_run_anomalies", "gauge", "Anomaly findings of the newest finished run.")
                .sample("backstop_last_run_anomalies", v.findings().size());
        p.family("backstop_last_run_anomaly_accepted", "gauge", "1 when the newest run's anomaly was accepted.")
                .sample("backstop_last_run_anomaly_accepted", r.acceptedAt() == null ? 0 : 1);
        p.family("backstop_last_run_notifications_failed", "gauge", "Failed notification attempts of the newest run.")
                .sample("backstop_last_run_notifications_failed", v.failedNotifications());
    }

    private static void targets(PrometheusText p, Overview o, List<String> targets) {
        Map<String, TargetCommitRecord> lastCommit = new LinkedHashMap<>();
        if (o.newestFinished() != null) {
            o.newestFinished().commits().forEach(c -> lastCommit.put(c.target(), c));
        }
        p.family("backstop_target_last_success_timestamp_seconds", "gauge",
                "Start of the run of the newest backup that history records as committed and verified on the target.");
        for (String t : targets) {
            StoredBackup s = o.stored().get(t);
            p.sample("backstop_target_last_success_timestamp_seconds", labels("target", t),
                    PrometheusText.seconds(s == null ? null : s.runStartedAt()));
        }
        p.family("backstop_target_backups", "gauge", "Backups that history records on the target.");
        for (String t : targets) {
            StoredBackup s = o.stored().get(t);
            p.sample("backstop_target_backups", labels("target", t), s == null ? 0 : s.count());
        }
        p.family("backstop_target_last_commit_success", "gauge",
                "1 when the newest finished run committed to the target, 0 when it failed or skipped it.");
        for (String t : targets) {
            TargetCommitRecord c = lastCommit.get(t);
            p.sample("backstop_target_last_commit_success", labels("target", t),
                    c != null && c.outcome() == TargetCommitRecord.Outcome.COMMITTED ? 1 : 0);
        }
    }

    private static void components(PrometheusText p, RunView v) {
        if (v == null || v.components().isEmpty()) {
            return;
        }
        p.family("backstop_component_bytes", "gauge", "Stored (compressed) size of each component of the newest stored backup.");
        for (ComponentRecord c : v.components()) {
            p.sample("backstop_component_bytes", labels("component", c.name(), "type", c.type()), c.bytes());
        }
        p.family("backstop_component_raw_bytes", "gauge", "Size before compression of each component of the newest stored backup.");
        for (ComponentRecord c : v.components()) {
            p.sample("backstop_component_raw_bytes", labels("component", c.name(), "type", c.type()), c.rawBytes());
        }
        p.family("backstop_component_duration_seconds", "gauge", "How long each component's dump took for the newest stored backup.");
        for (ComponentRecord c : v.components()) {
            p.sample("backstop_component_duration_seconds", labels("component", c.name(), "type", c.type()),
                    PrometheusText.millisAsSeconds(c.durationMs()));
        }
        p.family("backstop_component_files", "gauge", "Files archived by each files component of the newest stored backup.");
        for (ComponentRecord c : v.components()) {
            if (c.facts() != null && c.facts().fileCount() != null) {
                p.sample("backstop_component_files", labels("component", c.name()), c.facts().fileCount());
            }
        }
        chains(p, v.components());
        p.family("backstop_table_rows", "gauge", "Rows per database table in the newest stored backup, counted in the dump.");
        for (ComponentRecord c : v.components()) {
            c.tableRows().forEach((table, rows) -> p.sample("backstop_table_rows", labels("component", c.name(), "table", table), rows));
        }
    }

    // only for components in a chain of incremental archives: a configuration without one shows none
    private static void chains(PrometheusText p, List<ComponentRecord> components) {
        List<ComponentRecord> chained = components.stream().filter(c -> c.incremental() != null).toList();
        if (chained.isEmpty()) {
            return;
        }
        p.family("backstop_chain_length", "gauge", "Sets a restore of the newest stored backup reads for each component"
                + " in a chain of incremental archives: 1 for a full, level + 1 for an increment.");
        for (ComponentRecord c : chained) {
            p.sample("backstop_chain_length", labels("component", c.name()), c.incremental().level() + 1);
        }
        p.family("backstop_chain_base_timestamp_seconds", "gauge",
                "Time of the full that starts the chain of each component of the newest stored backup.");
        for (ComponentRecord c : chained) {
            String base = c.incremental().base();
            p.sample("backstop_chain_base_timestamp_seconds", labels("component", c.name()),
                    PrometheusText.seconds(BackupId.isValid(base) ? BackupId.parse(base).time() : null));
        }
    }

    private static void verification(PrometheusText p, String kind, VerificationRecord last, VerificationRecord passed) {
        String prefix = "backstop_" + kind + "_last_";
        String what = kind.equals("verify") ? "verify" : "restore test";
        p.family(prefix + "timestamp_seconds", "gauge", "End of the newest " + what + ".")
                .sample(prefix + "timestamp_seconds", Map.of(), PrometheusText.seconds(last == null ? null : last.finished()));
        p.family(prefix + "success", "gauge", "1 when the newest " + what + " passed, 0 when it failed or none ran.")
                .sample(prefix + "success", last != null && "ok".equals(last.outcome()) ? 1 : 0);
        if (last != null) {
            p.family(prefix + "findings", "gauge", "Findings of the newest " + what + " by severity.");
            for (String severity : List.of("CRITICAL", "ERROR", "WARNING")) {
                p.sample(prefix + "findings", labels("severity", severity.toLowerCase(java.util.Locale.ROOT)),
                        last.findings().stream().filter(f -> severity.equals(f.severity())).count());
            }
            p.family(prefix + "read_bytes", "gauge", "Bytes the newest " + what + " read and hashed.")
                    .sample(prefix + "read_bytes", last.bytesRead());
        }
        if (kind.equals("restore_test")) {
            p.family(prefix + "pass_timestamp_seconds", "gauge", "End of the newest restore test that passed.")
                    .sample(prefix + "pass_timestamp_seconds", Map.of(), PrometheusText.seconds(passed == null ? null : passed.finished()));
            if (passed != null && passed.restoreMs() != null) {
                p.family(prefix + "restore_seconds", "gauge", "Restore time (RTO) measured by the newest passed restore test.")
                        .sample(prefix + "restore_seconds", Map.of(), PrometheusText.millisAsSeconds(passed.restoreMs()));
            }
        }
    }

    private static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
