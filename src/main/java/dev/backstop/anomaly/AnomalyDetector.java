package dev.backstop.anomaly;

import dev.backstop.config.AnomalyConfig;
import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.ByteSize;
import dev.backstop.core.ComponentEntry;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Compares one run's components with the recent good runs: per component its stored bytes, raw
 * bytes and file count, per database table its row count, each against the median of the
 * baseline runs that have that value. In a chain of incremental archives the stored sizes of a
 * full are compared with earlier fulls only, and an increment, small by nature, is judged by the
 * tree it restores to (file count and file bytes of its facts) instead ({@link Metric}).
 * A pure function: no clock, no I/O.
 *
 * <p>Rules: a value is a finding when it shrank by more than {@code max_shrink} percent or grew
 * by more than {@code max_growth} percent of the median; a table that falls to zero rows, or that
 * the newest baseline run had and this run lacks, is always a finding. A component or table with
 * no baseline value (first run, new source, new table) is not compared; nor is growth from a
 * median of zero (no percentage exists). A shorter history than the window uses what there is.
 */
public final class AnomalyDetector {

    private AnomalyDetector() {
    }

    /**
     * @param current    this run's components
     * @param baseline   the components of each good run, newest run first (at most {@code window})
     * @param thresholds the thresholds of a component, by component (source) name
     * @return the findings, in component order, then metric, then table name; empty when none
     */
    public static List<AnomalyFinding> detect(List<ComponentEntry> current, List<List<ComponentEntry>> baseline,
                                              Function<String, AnomalyConfig> thresholds) {
        List<AnomalyFinding> findings = new ArrayList<>();
        for (ComponentEntry c : current) {
            List<ComponentEntry> history = new ArrayList<>();
            for (List<ComponentEntry> run : baseline) {
                run.stream().filter(e -> e.name().equals(c.name())).findFirst().ifPresent(history::add);
            }
            if (history.isEmpty()) {
                continue;
            }
            AnomalyConfig limits = Objects.requireNonNull(thresholds.apply(c.name()), "thresholds of " + c.name());
            for (Metric m : Metric.values()) {
                if (!m.measures(c)) {
                    continue;
                }
                Long now = m.of(c);
                List<Long> before = history.stream().filter(m::comparable).map(m::of).filter(Objects::nonNull).toList();
                if (now != null && !before.isEmpty()) {
                    compare(c.name(), m.word(), m.isSize(), Median.of(before), now, limits).ifPresent(findings::add);
                }
            }
            tables(c, history, limits, findings);
        }
        return findings;
    }

    private static void tables(ComponentEntry c, List<ComponentEntry> history, AnomalyConfig limits,
                               List<AnomalyFinding> findings) {
        SortedMap<String, Long> now = rows(c);
        SortedMap<String, Long> newest = rows(history.get(0));
        for (String table : newest.keySet()) {
            if (!now.containsKey(table)) {
                long median = Median.of(history.stream().map(AnomalyDetector::rows).filter(r -> r.containsKey(table))
                        .map(r -> r.get(table)).toList());
                findings.add(new AnomalyFinding(c.name() + "/" + table, "rows", median, 0,
                        "table " + table + " of " + c.name() + " disappeared (it had " + median + " rows)"));
            }
        }
        for (Map.Entry<String, Long> t : now.entrySet()) {
            List<Long> before = history.stream().map(AnomalyDetector::rows).filter(r -> r.containsKey(t.getKey()))
                    .map(r -> r.get(t.getKey())).toList();
            if (before.isEmpty()) {
                continue;
            }
            long median = Median.of(before);
            String subject = c.name() + "/" + t.getKey();
            if (t.getValue() == 0 && median > 0) {
                findings.add(new AnomalyFinding(subject, "rows", median, 0, "table " + t.getKey() + " of " + c.name()
                        + " fell to 0 rows from " + median));
            } else {
                compare(subject, "rows", false, median, t.getValue(), limits).ifPresent(findings::add);
            }
        }
    }

    private static SortedMap<String, Long> rows(ComponentEntry c) {
        return c.facts() == null || c.facts().tableRows() == null ? new TreeMap<>() : c.facts().tableRows();
    }

    private static java.util.Optional<AnomalyFinding> compare(String subject, String metric, boolean size, long median,
                                                              long now, AnomalyConfig limits) {
        if (now < median && exceeds(median - now, median, limits.maxShrinkPercent())) {
            return java.util.Optional.of(new AnomalyFinding(subject, metric, median, now, subject + ": " + metric
                    + " fell from " + show(median, size) + " to " + show(now, size) + " (-" + percent(median - now, median)
                    + "%, limit -" + limits.maxShrinkPercent() + "%)"));
        }
        if (now > median && median > 0 && exceeds(now - median, median, limits.maxGrowthPercent())) {
            return java.util.Optional.of(new AnomalyFinding(subject, metric, median, now, subject + ": " + metric
                    + " grew from " + show(median, size) + " to " + show(now, size) + " (+" + percent(now - median, median)
                    + "%, limit +" + limits.maxGrowthPercent() + "%)"));
        }
        return java.util.Optional.empty();
    }

    /** {@code difference * 100 > base * percent}, exactly, whatever the magnitudes. */
    static boolean exceeds(long difference, long base, int percent) {
        return BigInteger.valueOf(difference).multiply(BigInteger.valueOf(100))
                .compareTo(BigInteger.valueOf(base).multiply(BigInteger.valueOf(percent))) > 0;
    }

    /** Whole percent of {@code part} in {@code base}, rounded down. */
    static long percent(long part, long base) {
        return BigInteger.valueOf(part).multiply(BigInteger.valueOf(100)).divide(BigInteger.valueOf(base)).longValue();
    }

    private static String show(long value, boolean size) {
        return size ? ByteSize.human(value) + " (" + value + " bytes)" : String.valueOf(value);
    }
}
