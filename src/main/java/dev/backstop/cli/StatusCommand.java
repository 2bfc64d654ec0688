package dev.backstop.cli;

import dev.backstop.run.DecryptionKeys;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.config.TargetConfig;
import dev.backstop.core.Durations;
import dev.backstop.core.EventLog;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.Overview;
import dev.backstop.registry.Kinds;
import dev.backstop.run.VerifyRun;
import dev.backstop.status.Health;
import dev.backstop.status.HealthEvaluator;
import dev.backstop.status.HealthPolicy;
import dev.backstop.status.HealthState;
import dev.backstop.status.LogLag;
import dev.backstop.status.TargetCheck;
import dev.backstop.target.Target;
import dev.backstop.target.Targets;
import dev.backstop.verify.DataSelection;
import dev.backstop.verify.Finding;
import dev.backstop.verify.Verifier;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code backstop status}: a Nagios plugin. Every failure, including a broken configuration or
 * an unreadable history, is UNKNOWN (3) with one line saying why; nothing is written anywhere.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Health of the backups for monitoring (Nagios, Icinga, Zabbix, cron wrappers): one status line"
                + " with performance data, exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:OK: the newest run succeeded and every target's newest backup is younger than --max-age",
            "1:WARNING: anomalies not accepted, a failed notification, an old or missing restore test,"
                + " a log archiver reconnecting for a minute",
            "2:CRITICAL: the newest run failed, a backup is stale or missing, a verify or restore test failed,"
                + " a binary-log archive lags beyond its max_lag or has a gap, its archiver is stopped",
            "3:UNKNOWN: the configuration or the history cannot be read"})
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCommand parent;

    @Mixin
    CommonOptions options;

    @Mixin
    JsonOption json;

    @Option(names = "--max-age", paramLabel = "DURATION", defaultValue = "25h",
            description = "The RPO: every target's newest backup must be younger (default: ${DEFAULT-VALUE}).")
    String maxAge;

    @Option(names = "--max-restore-test-age", paramLabel = "DURATION", defaultValue = "8d",
            description = "A passed restore test must be younger, else WARNING (default: ${DEFAULT-VALUE}).")
    String maxRestoreTestAge;

    @Option(names = "--max-verify-age", paramLabel = "DURATION",
            description = "A verify must have run within this, else WARNING (default: not checked).")
    String maxVerifyAge;

    @Option(names = "--check-targets",
            description = "Also list every target and check that it holds each backup history records (no data read).")
    boolean checkTargets;

    /** The binary-log archives judged, for the JSON; empty until evaluated. */
    private List<LogLag> logLags = List.of();
    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        Health health;
        try {
            health = evaluate();
        } catch (Exception e) {
            health = Health.unknown(e.getMessage() == null ? e.toString() : e.getMessage().replace('\n', ' '));
        }
        if (json.requested()) {
            json.print(parent.out, asJson(health));
        } else {
            health.nagiosLines().forEach(parent.out::println);
        }
        return health.exitCode();
    }

    private Health evaluate() throws Exception {
        HealthPolicy policy = new HealthPolicy(duration("--max-age", maxAge),
                duration("--max-restore-test-age", maxRestoreTestAge),
                maxVerifyAge == null ? null : duration("--max-verify-age", maxVerifyAge));
        BackstopConfig config = ConfigLoader.load(options.config, Kinds.schema());
        List<String> targetNames = config.targets().stream().map(TargetConfig::name).toList();
        if (!Files.exists(config.historyFile())) {
            return Health.unknown("no history at " + config.historyFile() + ": backstop has not run with the state_dir of "
                    + config.file() + " yet; run `backstop run` once");
        }
        logLags = logLags(config);
        try (HistoryStore history = HistoryStore.open(config.historyFile())) {
            Overview overview = history.reports().overview();
            List<TargetCheck> checks = checkTargets ? checkTargets(config, history, clock) : null;
            return HealthEvaluator.evaluate(overview, targetNames, checks, logLags, DecryptionKeys.problem(config),
                    policy, clock);
        }
    }

    /** Each source with log_archive, as its archiver recorded it. */
    private static List<LogLag> logLags(BackstopConfig config) throws Exception {
        return LogArchives.states(config).stream().map(LogLag::of).toList();
    }

    private static List<TargetCheck> checkTargets(BackstopConfig config, HistoryStore history, Clock clock)
            throws Exception {
        // findings go into the status; the log would only repeat them where Nagios does not look
        EventLog quiet = new EventLog(new PrintStream(OutputStream.nullOutputStream()), clock);
        List<Target> targets = Kinds.targets(config);
        try {
            Verifier verifier = new Verifier(config.host(), VerifyRun.recorded(history), clock, quiet);
            List<TargetCheck> checks = new ArrayList<>();
            for (Finding f : verifier.verify(targets, DataSelection.none()).findings()) {
                String what = (f.backupId() == null ? "" : f.backupId() + (f.file() == null ? "" : "/" + f.file()) + ": ")
                        + f.problem();
                checks.add(new TargetCheck(f.target(), f.severity().failing() ? HealthState.CRITICAL : HealthState.WARNING, what));
            }
            return checks;
        } finally {
            Targets.closeAll(targets, quiet);
        }
    }

    private static Duration duration(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    private Map<String, Object> asJson(Health h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", h.state().name());
        m.put("exit_code", h.exitCode());
        m.put("summary", h.summary());
        m.put("problems", h.problems().stream().map(p -> Map.of("state", p.state().name(), "message", p.message())).toList());
        Map<String, Object> perf = new LinkedHashMap<>();
        h.perf().forEach(p -> perf.put(p.label(), p.number()));
        m.put("perfdata", perf);
        Instant now = clock.instant();
        m.put("log_archive", logLags.stream().map(l -> {
            Map<String, Object> log = new LinkedHashMap<>();
            log.put("source", l.source());
            log.put("caught_up", l.caughtUp() == null ? null : l.caughtUp().toString());
            log.put("lag_seconds", l.caughtUp() == null ? null : l.at(now).toSeconds());
            log.put("max_lag_seconds", l.maxLag().toSeconds());
            log.put("gaps", l.gaps());
            Map<String, Object> window = new LinkedHashMap<>();
            window.put("from", l.windowTo() == null ? null : l.windowFrom().toString());
            window.put("to", l.windowTo() == null ? null : l.windowTo().toString());
            window.put("dump", l.windowTo() == null ? null : l.windowDump());
            log.put("recovery_window", window);
            log.put("archiver", archiver(l, now));
            return log;
        }).toList());
        m.put("line", h.nagiosLines().get(0));
        return m;
    }

    /** The archiver process of {@code l} as status judged it; null when none ever recorded itself. */
    private static Map<String, Object> archiver(LogLag l, Instant now) {
        if (l.archiver() == null) {
            return null;
        }
        var a = l.archiver();
        var condition = a.condition(now);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("condition", condition.name().toLowerCase(java.util.Locale.ROOT));
        m.put("pid", a.pid());
        m.put("heartbeat", a.heartbeat() == null ? null : a.heartbeat().toString());
        m.put("failing_since", a.failingSince() == null ? null : a.failingSince().toString());
        m.put("last_error", a.lastError());
        boolean stopped = condition == dev.backstop.core.ArchiverProcess.Condition.STOPPED;
        m.put("stopped_at", stopped ? a.stoppedAt().toString() : null);
        m.put("stop_reason", stopped ? a.stopReason(now) : null);
        return m;
    }
}
