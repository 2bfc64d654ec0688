package dev.backstop.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The lines of one source or target entry as {@code config check} prints them: each key with its
 * effective value in the configuration's own syntax. Secrets are never printed: a variable that
 * holds one appears as its name and whether it is set.
 */
public final class ConfigOutput {

    static final String NOT_SET = "(not set)";
    private static final int DEPTH = 2;

    private final StringBuilder out;
    private final Function<String, String> env;

    ConfigOutput(StringBuilder out, Function<String, String> env) {
        this.out = out;
        this.env = env;
    }

    /** A value already in the configuration's syntax (a number, a word). */
    public void value(String key, String rendered) {
        ConfigPrinter.line(out, DEPTH, key, rendered);
    }

    /** A text, quoted where YAML needs it, or {@code (not set)}. */
    public void text(String key, String text) {
        value(key, text == null ? NOT_SET : ConfigPrinter.quote(text));
    }

    /** A text, or what applies when it is not set ({@code "(not set: pg_dump)"}). */
    public void text(String key, String text, String whenNotSet) {
        value(key, text == null ? whenNotSet : ConfigPrinter.quote(text));
    }

    public void number(String key, Integer n) {
        value(key, n == null ? NOT_SET : n.toString());
    }

    public void path(String key, Path p) {
        value(key, ConfigPrinter.path(p));
    }

    public void duration(String key, Duration d) {
        value(key, ConfigPrinter.duration(d));
    }

    /** The name of an environment variable holding a secret, and whether it is set; never its value. */
    public void secretEnv(String key, String variable) {
        value(key, ConfigPrinter.passwordEnv(variable, env));
    }

    public void texts(String key, List<String> items) {
        list(key, items.stream().map(ConfigPrinter::quote).toList());
    }

    public void paths(String key, List<Path> items) {
        list(key, items.stream().map(ConfigPrinter::path).toList());
    }

    private void list(String key, List<String> rendered) {
        if (rendered.isEmpty()) {
            value(key, "[]");
            return;
        }
        out.append("  ".repeat(DEPTH)).append(key).append(":\n");
        for (String item : rendered) {
            out.append("  ".repeat(DEPTH + 1)).append("- ").append(item).append('\n');
        }
    }
}
