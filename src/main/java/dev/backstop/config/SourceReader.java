package dev.backstop.config;

import dev.backstop.core.ByteSize;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads {@code sources:}, one {@link SourceConfig} record per entry, by {@code type:}. */
final class SourceReader {

    private static final List<String> COMMON = List.of("name", "type", "min_size", "anomaly");
    /** The keys of each source type besides the common ones; the order is the one messages show. */
    static final Map<String, List<String>> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("mysql", List.of("database", "defaults_file", "host", "port", "socket", "user", "password_env",
                "dump_command", "timeout"));
        KEYS.put("postgres", List.of("database", "host", "port", "user", "passfile", "password_env",
                "dump_command", "timeout"));
        KEYS.put("sqlite", List.of("path"));
        KEYS.put("files", List.of("paths", "exclude"));
        KEYS.put("command", List.of("command", "timeout"));
    }

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Duration DATABASE_TIMEOUT = Duration.ofHours(6);
    private static final Duration COMMAND_TIMEOUT = Duration.ofHours(1);

    private SourceReader() {
    }

    static List<SourceConfig> read(Section top) {
        return read(top, new HashMap<>());
    }

    /** As {@link #read(Section)}, also collecting each source's own anomaly thresholds by name. */
    static List<SourceConfig> read(Section top, Map<String, AnomalyReader.Overrides> anomaly) {
        List<Node> items = top.list("sources");
        if (!top.has("sources")) {
            top.missing("sources", " (at least one of: " + String.join(", ", KEYS.keySet()) + ")");
        } else if (items != null && items.isEmpty()) {
            top.problems().add(top.value("sources"), "sources", "must list at least one source");
        }
        List<SourceConfig> out = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            Section s = Section.mapping(items.get(i), "sources[" + i + "]", top.problems(), top.baseDir(),
                    " (name:, type:, ...)");
            if (s != null) {
                SourceConfig c = readOne(s, names);
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

    private static SourceConfig readOne(Section s, Map<String, Node> names) {
        int before = s.problems().count();
        String name = s.safeName("name", true);
        s.unique(name, "name", names, "source");
        String type = s.has("type") ? s.string("type") : null;
        if (!s.has("type")) {
            s.missing("type", " (known types: " + String.join(", ", KEYS.keySet()) + ")");
        }
        List<String> specific = type == null ? null : KEYS.get(type);
        if (type != null && specific == null) {
            s.problems().add(s.value("type"), s.keyPath("type"), "unknown source type '" + type + "' (known: "
                    + String.join(", ", KEYS.keySet()) + ")");
        }
        if (specific == null) {
            s.rejectPasswordKey();
            return null;
        }
        s.rejectUnknown(Stream.concat(COMMON.stream(), specific.stream()).toList(), "a " + type + " source");
        ByteSize minSize = ByteSize.ofBytes(1);
        if (s.has("min_size")) {
            minSize = s.size("min_size");
            if (minSize != null && minSize.bytes() == 0) {
                s.problems().add(s.value("min_size"), s.keyPath("min_size"),
                        "must be at least 1 byte (an empty component always fails the run)");
            }
        }
        SourceConfig c = switch (type) {
            case "mysql" -> new SourceConfig.Mysql(name, minSize, s.requiredString("database"),
                    s.path("defaults_file"), s.string("host"), port(s), s.path("socket"), s.string("user"),
                    passwordEnv(s), s.string("dump_command"), timeout(s, DATABASE_TIMEOUT));
            case "postgres" -> new SourceConfig.Postgres(name, minSize, s.requiredString("database"),
                    s.string("host"), port(s), s.string("user"), s.path("passfile"), passwordEnv(s),
                    s.string("dump_command"), timeout(s, DATABASE_TIMEOUT));
            case "sqlite" -> new SourceConfig.Sqlite(name, minSize, requiredPath(s, "path"));
            case "files" -> files(s, name, minSize);
            default -> command(s, name, minSize);
        };
        return s.problems().count() > before ? null : c;
    }

    private static Integer port(Section s) {
        return s.has("port") ? s.integer("port", 1, 65535) : null;
    }

    private static Path requiredPath(Section s, String key) {
        if (!s.has(key)) {
            s.missing(key, "");
            return null;
        }
        return s.path(key);
    }

    private static String passwordEnv(Section s) {
        String name = s.string("password_env");
        if (name != null && !ENV_NAME.matcher(name).matches()) {
            // the value is not quoted: it may well be the password itself, written here by mistake
            s.problems().add(s.value("password_env"), s.keyPath("password_env"), "is not the name of an"
                    + " environment variable; write the variable's name (e.g. DB_PASSWORD), never the password");
            return null;
        }
        return name;
    }

    static Duration timeout(Section s, Duration otherwise) {
        if (!s.has("timeout")) {
            return otherwise;
        }
        Duration d = s.duration("timeout");
        if (d != null && d.isZero()) {
            s.problems().add(s.value("timeout"), s.keyPath("timeout"), "must be longer than zero");
            return null;
        }
        return d;
    }

    private static SourceConfig files(Section s, String name, ByteSize minSize) {
        List<Path> paths = new ArrayList<>();
        List<Node> items = s.list("paths");
        if (!s.has("paths")) {
            s.missing("paths", "");
        } else if (items != null && items.isEmpty()) {
            s.problems().add(s.value("paths"), s.keyPath("paths"), "must list at least one path");
        }
        for (int i = 0; items != null && i < items.size(); i++) {
            Path p = s.path(items.get(i), s.keyPath("paths") + "[" + i + "]");
            if (p != null) {
                paths.add(p);
            }
        }
        List<String> exclude = new ArrayList<>();
        List<Node> globs = s.has("exclude") ? s.list("exclude") : List.of();
        for (int i = 0; globs != null && i < globs.size(); i++) {
            String where = s.keyPath("exclude") + "[" + i + "]";
            String glob = s.scalar(globs.get(i), where);
            try {
                if (glob != null) {
                    FileSystems.getDefault().getPathMatcher("glob:" + glob);
                    exclude.add(glob);
                }
            } catch (PatternSyntaxException e) {
                s.problems().add(globs.get(i), where, "not a valid glob pattern: " + e.getDescription());
            }
        }
        return new SourceConfig.Files(name, minSize, paths, exclude);
    }

    private static SourceConfig command(Section s, String name, ByteSize minSize) {
        List<String> argv = s.has("command") ? s.strings("command") : null;
        if (!s.has("command")) {
            s.missing("command", " (a list: the program and its arguments, run without a shell)");
        } else if (argv != null && argv.isEmpty()) {
            s.problems().add(s.value("command"), s.keyPath("command"),
                    "must list the program and its arguments, e.g. [dpkg-query, -W]");
        }
        return new SourceConfig.Command(name, minSize, argv == null ? List.of() : argv,
                timeout(s, COMMAND_TIMEOUT));
    }
}
