package dev.backstop.config;

import dev.backstop.core.ByteSize;
import dev.backstop.core.Durations;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A typed reader over one YAML mapping. Every accessor returns null (or an empty list) when
 * the key is absent or its value is wrong, and records the problem with the key's dotted path
 * and position; the caller checks {@link Problems#count()} before building records.
 */
public final class Section {

    static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final MappingNode node;
    private final String path;
    private final Problems problems;
    private final Path baseDir;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    Section(MappingNode node, String path, Problems problems, Path baseDir) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.baseDir = baseDir;
        for (NodeTuple tuple : node.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalar) || key.getTag().equals(Tag.NULL)) {
                problems.add(key, path, "a key must be a plain word, not " + describe(key));
                continue;
            }
            NodeTuple first = entries.putIfAbsent(scalar.getValue(), tuple);
            if (first != null) {
                problems.add(key, keyPath(scalar.getValue()), "duplicate key (first given at line "
                        + (first.getKeyNode().getStartMark().map(m -> m.getLine() + 1).orElse(0)) + ")");
            }
        }
    }

    MappingNode node() {
        return node;
    }

    public Path baseDir() {
        return baseDir;
    }

    /** Reports {@code value} of {@code key} if an earlier entry of the same list already used it. */
    void unique(String value, String key, Map<String, Node> seen, String what) {
        if (value == null) {
            return;
        }
        Node v = value(key);
        Node first = seen.putIfAbsent(value, v);
        if (first != null) {
            problems.add(v, keyPath(key), "duplicate " + what + " name '" + value + "' (first used at line "
                    + first.getStartMark().map(m -> m.getLine() + 1).orElse(0) + ")");
        }
    }

    Problems problems() {
        return problems;
    }

    /** The dotted path of a key of this mapping: {@code sources[2].min_size}. */
    public String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Reports every key not in {@code known}; {@code what} names the section in the message. */
    public void rejectUnknown(List<String> known, String what) {
        rejectUnknown(known, what, Map.of());
    }

    /** As {@link #rejectUnknown(List, String)}; a key of {@code belongsUnder} is misplaced: the message says where it goes. */
    public void rejectUnknown(List<String> known, String what, Map<String, String> belongsUnder) {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!known.contains(e.getKey())) {
                Node at = e.getValue().getKeyNode();
                if (e.getKey().equals("password")) {
                    rejectPassword(at, e.getKey());
                } else if (belongsUnder.containsKey(e.getKey())) {
                    problems.add(at, keyPath(e.getKey()), "not a key of " + what + ": it belongs under " + belongsUnder.get(e.getKey()));
                } else {
                    problems.add(at, keyPath(e.getKey()), "unknown key (known keys for " + what + ": "
                            + String.join(", ", known) + ")");
                }
            }
        }
    }

    /** Reports a {@code password:} key only; used where the other keys cannot be judged. */
    public void rejectPasswordKey() {
        NodeTuple t = entries.get("password");
        if (t != null) {
            rejectPassword(t.getKeyNode(), "password");
        }
    }

    private void rejectPassword(Node at, String key) {
        problems.add(at, keyPath(key), "passwords are not written in the configuration file; use password_env"
                + " (the name of an environment variable) or an option file (defaults_file for mysql,"
                + " passfile for postgres)");
    }

    /** Reports a problem with the value of {@code key} (or with this mapping when the key is absent). */
    public void problem(String key, String message) {
        Node v = value(key);
        problems.add(v == null ? node : v, keyPath(key), message);
    }

    /** How many problems have been reported in the whole file so far; readers compare it before and after. */
    public int problemCount() {
        return problems.count();
    }

    /**
     * The items of the list under {@code key}; null when absent, or when it is not a list (a
     * problem reported).
     */
    public List<Item> items(String key) {
        List<Node> nodes = list(key);
        if (nodes == null) {
            return null;
        }
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            out.add(new Item(nodes.get(i), keyPath(key) + "[" + i + "]"));
        }
        return out;
    }

    /** One item of a list, read with the same checks as a key's value. */
    public final class Item {
        private final Node node;
        private final String where;

        private Item(Node node, String where) {
            this.node = node;
            this.where = where;
        }

        /** A single non-empty value, or null with a problem reported. */
        public String text() {
            return scalar(node, where);
        }

        /** A path, relative ones resolved against the configuration file's directory; null with a problem reported. */
        public Path path() {
            return Section.this.path(node, where);
        }

        public void problem(String message) {
            problems.add(node, where, message);
        }
    }

    /**
     * The name of an environment variable under {@code key}, or null. A value that is not a variable's
     * name is reported without being quoted: it may well be the secret itself, written here by mistake.
     *
     * @param example a variable name for the message, such as {@code DB_PASSWORD}
     * @param secret  what the variable holds, such as {@code password}
     */
    public String envName(String key, String example, String secret) {
        String name = string(key);
        if (name != null && !ENV_NAME.matcher(name).matches()) {
            problem(key, "is not the name of an environment variable; write the variable's name (e.g. " + example
                    + "), never the " + secret);
            return null;
        }
        return name;
    }

    /** A duration longer than zero under {@code key}, or {@code otherwise} when the key is absent. */
    public Duration positiveDuration(String key, Duration otherwise) {
        if (!has(key)) {
            return otherwise;
        }
        Duration d = duration(key);
        if (d != null && (d.isZero() || d.isNegative())) {
            problem(key, "must be longer than zero");
            return null;
        }
        return d;
    }

    /** {@code true} or {@code false} under {@code key}, or {@code otherwise} when the key is absent. */
    public Boolean bool(String key, boolean otherwise) {
        if (!has(key)) {
            return otherwise;
        }
        return parsed(key, text -> switch (text.trim()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("must be true or false, not '" + text + "'");
        });
    }

    /** A path that must be given; reported as missing (with {@code hint}) when absent. */
    public Path requiredPath(String key, String hint) {
        if (!has(key)) {
            missing(key, hint);
            return null;
        }
        return path(key);
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The value node of {@code key}, or null when absent. */
    Node value(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    /** Reports the key as missing, at the position of this mapping. */
    public void missing(String key, String hint) {
        problems.add(node, keyPath(key), "required key is missing" + hint);
    }

    /** A single non-empty text value, or null. */
    public String string(String key) {
        Node v = value(key);
        return v == null ? null : scalar(v, keyPath(key));
    }

    public String requiredString(String key) {
        if (!has(key)) {
            missing(key, "");
            return null;
        }
        return string(key);
    }

    /** The text of a scalar node, or null with a problem if it is a list, a mapping or empty. */
    String scalar(Node v, String where) {
        if (!(v instanceof ScalarNode s)) {
            problems.add(v, where, "must be a single value, not " + describe(v));
            return null;
        }
        if (v.getTag().equals(Tag.NULL) || s.getValue().isBlank()) {
            problems.add(v, where, "has no value");
            return null;
        }
        return s.getValue();
    }

    /** A whole number within [min, max]. */
    public Integer integer(String key, int min, int max) {
        String text = string(key);
        if (text == null) {
            return null;
        }
        String range = max == Integer.MAX_VALUE ? "a whole number of at least " + min
                : "a whole number from " + min + " to " + max;
        try {
            long n = Long.parseLong(text.trim());
            if (n >= min && n <= max) {
                return (int) n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the accepted range
        }
        problems.add(value(key), keyPath(key), "must be " + range + ", not '" + text + "'");
        return null;
    }

    public ByteSize size(String key) {
        return parsed(key, ByteSize::parse);
    }

    public Duration duration(String key) {
        return parsed(key, Durations::parse);
    }

    /** Parses a scalar with a parser whose IllegalArgumentException message says what is accepted. */
    public <T> T parsed(String key, Function<String, T> parser) {
        String text = string(key);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            problems.add(value(key), keyPath(key), e.getMessage());
            return null;
        }
    }

    /** A name used in file names: letters, digits, '.', '_' and '-', not starting with a punctuation mark. */
    public String safeName(String key, boolean required) {
        String text = required ? requiredString(key) : string(key);
        if (text != null && !SAFE_NAME.matcher(text).matches()) {
            problems.add(value(key), keyPath(key), "'" + text + "' is not a safe name: use letters, digits, '.', '_'"
                    + " and '-', starting with a letter or digit (it becomes part of file and directory names)");
            return null;
        }
        return text;
    }

    public Path path(String key) {
        Node v = value(key);
        return v == null ? null : path(v, keyPath(key));
    }

    /** A path; a relative one is resolved against the directory of the configuration file. */
    Path path(Node v, String where) {
        String text = scalar(v, where);
        if (text == null) {
            return null;
        }
        if (text.startsWith("~")) {
            problems.add(v, where, "'~' is not expanded (backstop runs from cron, where the home directory"
                    + " may differ); write the full path");
            return null;
        }
        try {
            return baseDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            problems.add(v, where, "not a valid path: " + e.getReason());
            return null;
        }
    }

    /** The items of a list, or null when absent or not a list. */
    List<Node> list(String key) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof SequenceNode seq)) {
            problems.add(v, keyPath(key), "must be a list, not " + describe(v));
            return null;
        }
        return seq.getValue();
    }

    /** A list of non-empty single values; null when absent or wrong. */
    public List<String> strings(String key) {
        List<Node> items = list(key);
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String s = scalar(items.get(i), keyPath(key) + "[" + i + "]");
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** A nested mapping, or null when absent or not a mapping. */
    public Section section(String key) {
        Node v = value(key);
        return v == null ? null : mapping(v, keyPath(key), problems, baseDir, "");
    }

    /** Wraps {@code v} as a Section, or records that it must be a mapping. */
    static Section mapping(Node v, String where, Problems problems, Path baseDir, String example) {
        if (v instanceof MappingNode m) {
            return new Section(m, where, problems, baseDir);
        }
        problems.add(v, where, "must be a mapping of keys" + example + ", not " + describe(v));
        return null;
    }

    static String describe(Node v) {
        if (v instanceof MappingNode) {
            return "a mapping";
        }
        if (v instanceof SequenceNode) {
            return "a list";
        }
        if (v.getTag().equals(Tag.NULL)) {
            return "an empty value";
        }
        return "a single value ('" + ((ScalarNode) v).getValue() + "')";
    }
}
