package dev.backstop.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A writer of the Prometheus text format (version 0.0.4): one {@code # HELP} and {@code # TYPE}
 * per family, label values escaped, numbers without locale.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder();
    private final Set<String> declared = new LinkedHashSet<>();
    /** The same families as data, for {@code metrics --json}. */
    private final List<Map<String, Object>> families = new ArrayList<>();
    private String current;

    /** Declares a family; once per name, followed by all its samples (the format requires them together). */
    PrometheusText family(String name, String type, String help) {
        if (!declared.add(name)) {
            throw new IllegalStateException("metric family " + name + " declared twice: its samples must be together");
        }
        current = name;
        Map<String, Object> family = new LinkedHashMap<>();
        family.put("name", name);
        family.put("type", type);
        family.put("help", help);
        family.put("samples", new ArrayList<Map<String, Object>>());
        families.add(family);
        {
            out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                    .append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }
        return this;
    }

    PrometheusText sample(String name, Map<String, String> labels, String value) {
        if (!name.equals(current)) {
            throw new IllegalStateException("sample of " + name + " outside its family (current: " + current + ")");
        }
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> l : labels.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(l.getKey()).append("=\"").append(escape(l.getValue())).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
        @SuppressWarnings("unchecked")
        var samples = (List<Map<String, Object>>) families.get(families.size() - 1).get("samples");
        samples.add(Map.of("labels", new TreeMap<>(labels), "value", value.contains(".") ? (Number) Double.parseDouble(value)
                : (Number) Long.parseLong(value)));
        return this;
    }

    PrometheusText sample(String name, Map<String, String> labels, long value) {
        return sample(name, labels, Long.toString(value));
    }

    PrometheusText sample(String name, long value) {
        return sample(name, Map.of(), value);
    }

    static String seconds(Instant t) {
        return t == null ? "0" : millisAsSeconds(t.toEpochMilli());
    }

    static String seconds(Duration d) {
        return millisAsSeconds(d.toMillis());
    }

    static String millisAsSeconds(long ms) {
        String sign = ms < 0 ? "-" : "";
        long abs = Math.abs(ms);
        return sign + abs / 1000 + "." + String.format(java.util.Locale.ROOT, "%03d", abs % 1000);
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    String text() {
        return out.toString();
    }

    /** Each family with its name, type, help and samples (labels and value), in the order of the text. */
    List<Map<String, Object>> families() {
        return families;
    }
}
