package dev.backstop.dashboard;

import dev.backstop.config.AnomalyConfig;
import dev.backstop.core.LogArchiveState;
import dev.backstop.core.RecoveryPointSample;
import dev.backstop.history.HistoryReports;
import dev.backstop.history.Overview;
import dev.backstop.history.RunView;
import dev.backstop.metrics.BackstopMetrics;
import dev.backstop.status.Health;
import dev.backstop.status.HealthEvaluator;
import dev.backstop.status.HealthPolicy;
import dev.backstop.status.LogLag;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the dashboard shows, independent of HTTP: the page and the metrics. A year of runs is read
 * from history once and kept until another process commits to it (a run, a verify), so that a
 * page costs only its rendering. Thread-safe.
 */
public final class Dashboard implements AutoCloseable {

    /**
     * What the dashboard needs from the configuration.
     *
     * @param host     the host namespace
     * @param version  backstop's version
     * @param targets  configured target names
     * @param policy   the limits of the health banner (as {@code status})
     * @param anomaly  each component's anomaly thresholds, for the accepted range in its chart
     * @param logs     each source's binary-log archive as its archiver recorded it, read at each
     *                 page and scrape; may throw an unchecked exception, shown as UNKNOWN
     * @param recoveryPoints a source's recovery point samples since a moment, oldest first, read
     *                 at each page; may throw an unchecked exception, shown as UNKNOWN
     */
    public record Settings(String host, String version, List<String> targets, HealthPolicy policy,
                           Function<String, AnomalyConfig> anomaly, Supplier<List<LogArchiveState>> logs,
                           BiFunction<String, Instant, List<RecoveryPointSample>> recoveryPoints) {
        public Settings {
            targets = List.copyOf(targets);
        }

        /** Without recorded recovery points: the charts show the lag now only. */
        public Settings(String host, String version, List<String> targets, HealthPolicy policy,
                        Function<String, AnomalyConfig> anomaly, Supplier<List<LogArchiveState>> logs) {
            this(host, version, targets, policy, anomaly, logs, (source, since) -> List.of());
        }

        /** Without binary-log archives. */
        public Settings(String host, String version, List<String> targets, HealthPolicy policy,
                        Function<String, AnomalyConfig> anomaly) {
            this(host, version, targets, policy, anomaly, List::of);
        }
    }

    /** The longest period a page shows; what is read from history once and kept. */
    static final Duration KEPT = Duration.ofDays(366);
    /** Read again after this even without a change, so that the kept period follows the clock. */
    static final Duration REFRESH = Duration.ofHours(1);

    /** What was read from history, with the data version it was read at. */
    private record Snapshot(long version, Instant readAt, Overview overview, List<RunView> runs) {
    }

    private final HistoryAccess history;
    private final Settings settings;
    private final Clock clock;
    private Snapshot snapshot;

    public Dashboard(Path historyFile, Settings settings, Clock clock) {
        this.history = new HistoryAccess(historyFile);
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The page for the last {@code days} days; {@code allRuns} lists every run of the period,
     * else the newest {@value Page#RUNS_SHOWN}. Never throws for an unreadable history: the
     * banner says UNKNOWN and why.
     */
    public String page(int days, boolean allRuns) {
        Instant now = clock.instant();
        Optional<HistoryReports> reports;
        Overview overview;
        List<RunView> runs;
        List<LogLag> logs;
        Instant from = now.minus(Duration.ofDays(days));
        Map<String, String> recoveryCharts;
        try {
            logs = settings.logs().get().stream().map(LogLag::of).toList();
            recoveryCharts = RecoveryPointChart.render(logs, source -> settings.recoveryPoints().apply(source, from),
                    from, now);
            reports = history.reports();
            if (reports.isEmpty()) {
                return Page.render(empty(now, days, "no history at " + history.file()
                        + " yet: backstop has not run with this configuration's state_dir"));
            }
            Snapshot snap = snapshot(reports.get(), now);
            overview = snap.overview();
            runs = snap.runs();
        } catch (RuntimeException e) {
            return Page.render(empty(now, days, "cannot read history: " + e.getMessage()));
        }
        Instant month = now.minus(Duration.ofDays(30));
        List<RunView> inRange = runs.stream().filter(r -> !r.run().startedAt().isBefore(from)).toList();
        List<RunView> lastMonth = runs.stream().filter(r -> !r.run().startedAt().isBefore(month)).toList();
        Health health = HealthEvaluator.evaluate(overview, settings.targets(), null, logs, settings.policy(), clock);
        return Page.render(new Page.Model(settings.host(), settings.version(), now, health, overview, settings.targets(),
                inRange, lastMonth, days, allRuns, Charts.sizes(inRange, from, now, settings.anomaly()),
                Charts.tables(inRange, from, now), logs, recoveryCharts));
    }

    /**
     * The Prometheus text of the history.
     *
     * @throws dev.backstop.history.HistoryException when the history cannot be read
     * @throws IllegalStateException when there is no history file yet
     */
    public String metrics() {
        HistoryReports reports = history.reports().orElseThrow(() -> new IllegalStateException("no history at "
                + history.file() + " yet"));
        return BackstopMetrics.render(reports.overview(), settings.host(), settings.version(), settings.targets(),
                settings.logs().get(), clock.instant());
    }

    // Reading a year of runs is the expensive part; it is repeated only when history changed.
    private synchronized Snapshot snapshot(HistoryReports reports, Instant now) {
        long version = reports.dataVersion();
        Snapshot s = snapshot;
        if (s == null || s.version() != version || s.readAt().plus(REFRESH).isBefore(now) || s.readAt().isAfter(now)) {
            s = new Snapshot(version, now, reports.overview(), reports.runsSince(now.minus(KEPT)));
            snapshot = s;
        }
        return s;
    }

    private Page.Model empty(Instant now, int days, String why) {
        return new Page.Model(settings.host(), settings.version(), now, Health.unknown(why), Overview.empty(), settings.targets(),
                List.of(), List.of(), days, false, Map.of(), null, List.of(), Map.of());
    }

    @Override
    public void close() {
        history.close();
    }
}
