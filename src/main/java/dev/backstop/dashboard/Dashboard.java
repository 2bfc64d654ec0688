package dev.backstop.dashboard;

import dev.backstop.config.AnomalyConfig;
import dev.backstop.history.HistoryReports;
import dev.backstop.history.Overview;
import dev.backstop.history.RunView;
import dev.backstop.metrics.BackstopMetrics;
import dev.backstop.status.Health;
import dev.backstop.status.HealthEvaluator;
import dev.backstop.status.HealthPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the dashboard shows, independent of HTTP: the page and the metrics, computed from history
 * on every call (history changes under it; a year of runs renders in tens of milliseconds).
 * Thread-safe.
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
     */
    public record Settings(String host, String version, List<String> targets, HealthPolicy policy,
                           Function<String, AnomalyConfig> anomaly) {
        public Settings {
            targets = List.copyOf(targets);
        }
    }

    private final HistoryAccess history;
    private final Settings settings;
    private final Clock clock;

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
        try {
            reports = history.reports();
            if (reports.isEmpty()) {
                return Page.render(empty(now, days, "no history at " + history.file()
                        + " yet: backstop has not run with this configuration's state_dir"));
            }
            overview = reports.get().overview();
            runs = reports.get().runsSince(now.minus(Duration.ofDays(Math.max(days, 30))));
        } catch (RuntimeException e) {
            return Page.render(empty(now, days, "cannot read history: " + e.getMessage()));
        }
        Instant from = now.minus(Duration.ofDays(days));
        List<RunView> inRange = runs.stream().filter(r -> !r.run().startedAt().isBefore(from)).toList();
        Health health = HealthEvaluator.evaluate(overview, settings.targets(), null, settings.policy(), clock);
        return Page.render(new Page.Model(settings.host(), settings.version(), now, health, overview, settings.targets(),
                inRange, runs, days, allRuns, Charts.sizes(inRange, from, now, settings.anomaly()),
                Charts.tables(inRange, from, now)));
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
        return BackstopMetrics.render(reports.overview(), settings.host(), settings.version(), settings.targets());
    }

    private Page.Model empty(Instant now, int days, String why) {
        Overview none = new Overview(null, null, null, Map.of(), Map.of(), null, null, null);
        return new Page.Model(settings.host(), settings.version(), now, Health.unknown(why), none, settings.targets(),
                List.of(), List.of(), days, false, Map.of(), null);
    }

    @Override
    public void close() {
        history.close();
    }
}
