package dev.backstop.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads {@code targets:} and each target's {@code retention:}. */
final class TargetReader {

    static final List<String> RETENTION_KEYS = List.of("keep_last", "keep_hourly", "keep_daily", "keep_weekly",
            "keep_monthly", "keep_yearly", "keep_within", "time_zone");

    private TargetReader() {
    }

    /** {@code clearTargets} receives the names of the targets with {@code encrypt: false}. */
    static List<TargetConfig> read(Section top, ConfigSchema schema, java.util.Set<String> clearTargets) {
        List<Node> items = top.list("targets");
        if (!top.has("targets")) {
            top.missing("targets", " (at least one, e.g. a local directory)");
        } else if (items != null && items.isEmpty()) {
            top.problems().add(top.value("targets"), "targets", "must list at least one target");
        }
        List<TargetConfig> out = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            Section t = Section.mapping(items.get(i), "targets[" + i + "]", top.problems(), top.baseDir(),
                    " (name:, type:, path:, ...)");
            if (t != null) {
                TargetConfig c = readOne(t, schema, names, top.has("encryption"));
                if (c != null) {
                    out.add(c);
                    if ("false".equals(t.has("encrypt") ? t.string("encrypt") : null)) {
                        clearTargets.add(c.name());
                    }
                }
            }
        }
        return out;
    }

    private static TargetConfig readOne(Section t, ConfigSchema schema, Map<String, Node> names, boolean encrypted) {
        int before = t.problemCount();
        String supported = String.join(", ", schema.targetTypes());
        String name = t.safeName("name", true);
        t.unique(name, "name", names, "target");
        String type = t.has("type") ? t.string("type") : null;
        TargetSchema kind = type == null ? null : schema.target(type).orElse(null);
        if (!t.has("type")) {
            t.missing("type", " (supported: " + supported + ")");
        } else if (type != null && kind == null) {
            t.problem("type", "unknown target type '" + type + "' (supported: " + supported + ")");
        }
        if (kind == null) {
            t.rejectPasswordKey();
            return null;
        }
        RetentionPolicy retention = t.has("retention") ? retention(t.section("retention")) : null;
        if (retention == null) {
            retention = RetentionPolicy.keepEverything();
        }
        List<String> keys = new ArrayList<>(kind.keys());
        keys.add("encrypt");
        t.rejectUnknown(keys, "a" + ("aeiou".indexOf(type.charAt(0)) >= 0 ? "n " : " ") + type + " target");
        encrypt(t, encrypted);
        TargetConfig c = kind.read(t, name, retention);
        return t.problemCount() > before ? null : c;
    }

    /**
     * {@code encrypt:} of one target: true (the default when {@code encryption:} is set) or false,
     * a copy in the clear beside the encrypted ones; without {@code encryption:} every target is clear.
     */
    private static void encrypt(Section t, boolean encrypted) {
        if (!t.has("encrypt")) {
            return;
        }
        String text = t.string("encrypt");
        if (!"true".equals(text) && !"false".equals(text) && text != null) {
            t.problem("encrypt", "must be true or false, not '" + text + "'");
        } else if (text != null && !encrypted) {
            t.problem("encrypt", "encrypt: true needs a top-level encryption: section with the recipients");
        }
    }

    private static RetentionPolicy retention(Section r) {
        if (r == null) {
            return null;
        }
        r.rejectUnknown(RETENTION_KEYS, "retention");
        Integer[] counts = new Integer[6];
        for (int i = 0; i < 6; i++) {
            String key = RETENTION_KEYS.get(i);
            counts[i] = r.has(key) ? r.integer(key, 1, Integer.MAX_VALUE) : null;
        }
        Duration within = r.has("keep_within") ? r.duration("keep_within") : null;
        ZoneId zone = ZoneId.systemDefault();
        if (r.has("time_zone")) {
            String text = r.string("time_zone");
            try {
                zone = text == null ? zone : ZoneId.of(text);
            } catch (DateTimeException e) {
                r.problem("time_zone", "unknown time zone '" + text
                        + "' (examples: UTC, Europe/Berlin, America/New_York)");
            }
        }
        return new RetentionPolicy(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], within, zone);
    }
}
