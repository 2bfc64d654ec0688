package dev.backstop.dashboard;

import dev.backstop.config.AnomalyConfig;
import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.ByteSize;
import dev.backstop.core.RunOutcome;
import dev.backstop.history.ComponentRecord;
import dev.backstop.history.RunView;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The charts of the page, from runs oldest first: each component's stored size with the band
 * anomaly detection accepts (the median of the last {@code window} good runs, widened by
 * {@code max_shrink} and {@code max_growth}), anomalies marked, failed runs as ticks; and the row
 * counts of the biggest tables.
 */
final class Charts {

    /** How many tables the row-count chart draws. */
    static final int TABLES = 6;

    private Charts() {
    }

    /** One chart per component, in the order components first appear. */
    static Map<String, String> sizes(List<RunView> runs, Instant from, Instant to, Function<String, AnomalyConfig> limits) {
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(r -> r.components().forEach(c -> names.add(c.name())));
        List<SvgChart.Tick> ticks = failedTicks(runs);
        Map<String, String> charts = new LinkedHashMap<>();
        for (String name : names) {
            AnomalyConfig limit = limits.apply(name);
            List<SvgChart.Point> points = new ArrayList<>();
            List<SvgChart.Band> band = new ArrayList<>();
            List<SvgChart.Marker> markers = new ArrayList<>();
            Deque<Long> good = new ArrayDeque<>();
            for (RunView r : runs) {
                ComponentRecord c = component(r, name);
                if (c == null) {
                    continue;
                }
                Instant t = r.run().startedAt();
                // anomaly detection compares the stored size of fulls only: an increment has no band
                boolean whole = c.incremental() == null || c.incremental().isFull();
                if (!good.isEmpty() && whole) {
                    long median = Median.of(good);
                    band.add(new SvgChart.Band(t, percent(median, 100 - limit.maxShrinkPercent()), median,
                            percent(median, 100 + limit.maxGrowthPercent())));
                }
                points.add(new SvgChart.Point(t, c.bytes()));
                List<AnomalyFinding> own = r.findings().stream().filter(f -> f.subject().equals(name)).toList();
                if (!own.isEmpty()) {
                    markers.add(new SvgChart.Marker(t, c.bytes(), r.run().id() + ": "
                            + String.join("; ", own.stream().map(AnomalyFinding::message).toList())));
                }
                if (r.run().isGood() && whole) {
                    good.addFirst(c.bytes());
                    while (good.size() > limit.window()) {
                        good.removeLast();
                    }
                }
            }
            charts.put(name, SvgChart.render("stored size of " + name + " over time", from, to,
                    List.of(new SvgChart.Series(name, points)), band, markers, ticks, ByteSize::human));
        }
        return charts;
    }

    /** The row counts of the {@link #TABLES} biggest tables (by their newest count), or null without tables. */
    static TableChart tables(List<RunView> runs, Instant from, Instant to) {
        Map<String, Long> newest = new LinkedHashMap<>();
        for (RunView r : runs) {
            for (ComponentRecord c : r.components()) {
                c.tableRows().forEach((table, rows) -> newest.put(c.name() + "/" + table, rows));
            }
        }
        if (newest.isEmpty()) {
            return null;
        }
        List<String> biggest = newest.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(TABLES).map(Map.Entry::getKey).toList();
        List<SvgChart.Series> series = new ArrayList<>();
        List<SvgChart.Marker> markers = new ArrayList<>();
        for (String key : biggest) {
            String component = key.substring(0, key.indexOf('/'));
            String table = key.substring(key.indexOf('/') + 1);
            List<SvgChart.Point> points = new ArrayList<>();
            for (RunView r : runs) {
                ComponentRecord c = component(r, component);
                Long rows = c == null ? null : c.tableRows().get(table);
                if (rows == null) {
                    continue;
                }
                points.add(new SvgChart.Point(r.run().startedAt(), rows));
                r.findings().stream().filter(f -> f.subject().equals(key)).findFirst().ifPresent(f ->
                        markers.add(new SvgChart.Marker(r.run().startedAt(), rows, r.run().id() + ": " + f.message())));
            }
            series.add(new SvgChart.Series(key, points));
        }
        String svg = SvgChart.render("rows of the biggest tables over time", from, to, series, List.of(), markers,
                List.of(), Charts::count);
        return new TableChart(svg, biggest);
    }

    /** The table chart's markup and its series names, in colour order. */
    record TableChart(String svg, List<String> names) {
    }

    /** {@code value * percent / 100} in whole numbers, without overflow for any size. */
    static long percent(long value, int percent) {
        return value / 100 * percent + value % 100 * percent / 100;
    }

    static String count(long n) {
        if (n >= 10_000_000) {
            return n / 1_000_000 + "M";
        }
        if (n >= 10_000) {
            return n / 1000 + "k";
        }
        return Long.toString(n);
    }

    private static List<SvgChart.Tick> failedTicks(List<RunView> runs) {
        List<SvgChart.Tick> ticks = new ArrayList<>();
        for (RunView r : runs) {
            RunOutcome o = r.run().outcome();
            if (o != RunOutcome.SUCCESS && o != RunOutcome.ANOMALY && o != RunOutcome.RUNNING) {
                ticks.add(new SvgChart.Tick(r.run().startedAt(), r.run().id() + " " + o.word()
                        + (r.run().reason() == null ? "" : ": " + r.run().reason())));
            }
        }
        return ticks;
    }

    private static ComponentRecord component(RunView r, String name) {
        for (ComponentRecord c : r.components()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
