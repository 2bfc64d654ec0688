package dev.backstop.config;

import dev.backstop.core.ByteSize;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads {@code sources:}, one {@link SourceConfig} record per entry, by {@code type:}. */
final class SourceReader {

    private static final List<String> COMMON = List.of("name", "type", "min_size", "anomaly");

    private SourceReader() {
    }

    /** Reads every entry, also collecting each source's own anomaly thresholds by name. */
    static List<SourceConfig> read(Section top, ConfigSchema schema, Map<String, AnomalyReader.Overrides> anomaly) {
        String known = String.join(", ", schema.sourceTypes());
        List<Node> items = top.list("sources");
        if (!top.has("sources")) {
            top.missing("sources", " (at least one of: " + known + ")");
        } else if (items != null && items.isEmpty()) {
            top.problems().add(top.value("sources"), "sources", "must list at least one source");
        }
        List<SourceConfig> out = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            Section s = Section.mapping(items.get(i), "sources[" + i + "]", top.problems(), top.baseDir(),
                    " (name:, type:, ...)");
            if (s != null) {
                SourceConfig c = readOne(s, schema, names);
                if (c != null) {
                    out.add(c);
                    AnomalyReader.Overrides own = AnomalyReader.readOverride(s);
                    if (own != null) {
                        anomaly.put(c.name(), own);
                    }
                }
            }
        }
        return out;
    }

    private static SourceConfig readOne(Section s, ConfigSchema schema, Map<String, Node> names) {
        int before = s.problemCount();
        String known = String.join(", ", schema.sourceTypes());
        String name = s.safeName("name", true);
        s.unique(name, "name", names, "source");
        String type = s.has("type") ? s.string("type") : null;
        if (!s.has("type")) {
            s.missing("type", " (known types: " + known + ")");
        }
        SourceSchema kind = type == null ? null : schema.source(type).orElse(null);
        if (type != null && kind == null) {
            s.problem("type", "unknown source type '" + type + "' (known: " + known + ")");
        }
        if (kind == null) {
            s.rejectPasswordKey();
            return null;
        }
        s.rejectUnknown(Stream.concat(COMMON.stream(), kind.keys().stream()).toList(), "a " + type + " source");
        ByteSize minSize = ByteSize.ofBytes(1);
        if (s.has("min_size")) {
            minSize = s.size("min_size");
            if (minSize != null && minSize.bytes() == 0) {
                s.problem("min_size", "must be at least 1 byte (an empty component always fails the run)");
            }
        }
        SourceConfig c = kind.read(s, name, minSize);
        return s.problemCount() > before ? null : c;
    }
}
