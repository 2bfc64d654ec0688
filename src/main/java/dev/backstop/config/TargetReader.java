package dev.backstop.config;

import java.nio.file.Path;
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

    static final List<String> SUPPORTED = List.of("local", "sftp", "s3");
    /** Types announced for a later version: refused as not supported yet rather than as unknown. */
    static final List<String> NOT_YET = List.of();
    private static final List<String> LOCAL_KEYS = List.of("name", "type", "path", "retention");
    static final List<String> RETENTION_KEYS = List.of("keep_last", "keep_hourly", "keep_daily", "keep_weekly",
            "keep_monthly", "keep_yearly", "keep_within", "time_zone");

    private TargetReader() {
    }

    static List<TargetConfig> read(Section top) {
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
                TargetConfig c = readOne(t, names);
                if (c != null) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static TargetConfig readOne(Section t, Map<String, Node> names) {
        int before = t.problems().count();
        String name = t.safeName("name", true);
        t.unique(name, "name", names, "target");
        String type = t.has("type") ? t.string("type") : null;
        if (!t.has("type")) {
            t.missing("type", " (supported: " + String.join(", ", SUPPORTED) + ")");
        } else if (type != null && NOT_YET.contains(type)) {
            t.problems().add(t.value("type"), t.keyPath("type"), "target type '" + type
                    + "' is not supported by this version of backstop (supported: " + String.join(", ", SUPPORTED) + ")");
        } else if (type != null && !SUPPORTED.contains(type)) {
            t.problems().add(t.value("type"), t.keyPath("type"), "unknown target type '" + type
                    + "' (supported: " + String.join(", ", SUPPORTED) + ")");
        }
        if (type == null || !SUPPORTED.contains(type)) {
            t.rejectPasswordKey();
            return null;
        }
        RetentionPolicy retention = t.has("retention") ? retention(t.section("retention")) : null;
        if (retention == null) {
            retention = RetentionPolicy.keepEverything();
        }
        if (type.equals("sftp")) {
            TargetConfig c = SftpTargetReader.read(t, name, retention);
            return t.problems().count() > before ? null : c;
        }
        if (type.equals("s3")) {
            TargetConfig c = S3TargetReader.read(t, name, retention);
            return t.problems().count() > before ? null : c;
        }
        t.rejectUnknown(LOCAL_KEYS, "a local target");
        Path path = null;
        if (!t.has("path")) {
            t.missing("path", " (the directory that holds the backups)");
        } else {
            path = t.path("path");
        }
        TargetConfig c = new TargetConfig.Local(name, path, retention);
        return t.problems().count() > before ? null : c;
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
                r.problems().add(r.value("time_zone"), r.keyPath("time_zone"), "unknown time zone '" + text
                        + "' (examples: UTC, Europe/Berlin, America/New_York)");
            }
        }
        return new RetentionPolicy(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], within, zone);
    }
}
