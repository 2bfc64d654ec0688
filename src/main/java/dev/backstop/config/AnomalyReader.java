package dev.backstop.config;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code anomaly:}; every key has a default. */
final class AnomalyReader {

    private static final Pattern PERCENT = Pattern.compile("\\s*(\\d{1,9})\\s*%?\\s*");

    private AnomalyReader() {
    }

    static AnomalyConfig read(Section top) {
        AnomalyConfig defaults = AnomalyConfig.defaults();
        if (!top.has("anomaly")) {
            return defaults;
        }
        Section a = top.section("anomaly");
        if (a == null) {
            return defaults;
        }
        a.rejectUnknown(List.of("window", "max_shrink", "max_growth"), "anomaly");
        Integer window = a.has("window") ? a.integer("window", 1, 1000) : null;
        // a shrink beyond 100% cannot happen, so such a threshold would silently disable the check
        Integer shrink = a.has("max_shrink") ? a.parsed("max_shrink", percent(1, 100)) : null;
        Integer growth = a.has("max_growth") ? a.parsed("max_growth", percent(1, 1_000_000)) : null;
        return new AnomalyConfig(window == null ? defaults.window() : window,
                shrink == null ? defaults.maxShrinkPercent() : shrink,
                growth == null ? defaults.maxGrowthPercent() : growth);
    }

    /** A source's own {@code anomaly:} thresholds (max_shrink, max_growth), null when it has none. */
    static Overrides readOverride(Section source) {
        if (!source.has("anomaly")) {
            return null;
        }
        Section a = source.section("anomaly");
        if (a == null) {
            return null;
        }
        a.rejectUnknown(List.of("max_shrink", "max_growth"), "a source's anomaly (window is set once, at the top level)");
        Integer shrink = a.has("max_shrink") ? a.parsed("max_shrink", percent(1, 100)) : null;
        Integer growth = a.has("max_growth") ? a.parsed("max_growth", percent(1, 1_000_000)) : null;
        return new Overrides(shrink, growth);
    }

    /** Thresholds one source sets for itself; a null one falls back to the top-level value. */
    record Overrides(Integer maxShrinkPercent, Integer maxGrowthPercent) {

        AnomalyConfig over(AnomalyConfig global) {
            return new AnomalyConfig(global.window(),
                    maxShrinkPercent == null ? global.maxShrinkPercent() : maxShrinkPercent,
                    maxGrowthPercent == null ? global.maxGrowthPercent() : maxGrowthPercent);
        }
    }

    private static Function<String, Integer> percent(int min, int max) {
        return text -> {
            Matcher m = PERCENT.matcher(text);
            if (m.matches()) {
                int n = Integer.parseInt(m.group(1));
                if (n >= min && n <= max) {
                    return n;
                }
            }
            throw new IllegalArgumentException("must be a percentage from " + min + "% to " + max
                    + "% (written 20% or 20), not '" + text + "'");
        };
    }
}
