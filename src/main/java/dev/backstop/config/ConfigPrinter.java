package dev.backstop.config;

import dev.backstop.core.ByteSize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Prints a validated configuration as {@code config check} shows it: every key with its effective
 * value, defaults filled in, relative paths resolved. Secrets are never printed: a password
 * environment variable appears as its name and whether it is set.
 */
public final class ConfigPrinter {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9/_.@+=][A-Za-z0-9/_.@+=:-]*");
    private static final String NOT_SET = ConfigOutput.NOT_SET;

    private ConfigPrinter() {
    }

    /** The resolved configuration as YAML-like text, ending with a newline; reads the environment. */
    public static String render(BackstopConfig config, ConfigSchema schema) {
        return render(config, schema, System::getenv);
    }

    /** As {@link #render(BackstopConfig, ConfigSchema)}, with {@code env} standing for the process environment. */
    static String render(BackstopConfig config, ConfigSchema schema, Function<String, String> env) {
        StringBuilder out = new StringBuilder();
        ConfigOutput entry = new ConfigOutput(out, env);
        out.append("# resolved configuration of ").append(config.file()).append('\n');
        line(out, 0, "host", quote(config.host()));
        line(out, 0, "state_dir", path(config.stateDir()));
        line(out, 0, "compression", config.compression().configName());
        out.append("sources:\n");
        for (SourceConfig s : config.sources()) {
            source(out, s, schema, entry);
            AnomalyConfig own = config.sourceAnomaly().get(s.name());
            if (own != null) {
                out.append("    anomaly:\n");
                line(out, 3, "max_shrink", own.maxShrinkPercent() + "%");
                line(out, 3, "max_growth", own.maxGrowthPercent() + "%");
            }
        }
        out.append("targets:\n");
        for (TargetConfig t : config.targets()) {
            target(out, t, schema, entry, config);
        }
        out.append("anomaly:\n");
        line(out, 1, "window", String.valueOf(config.anomaly().window()));
        line(out, 1, "max_shrink", config.anomaly().maxShrinkPercent() + "%");
        line(out, 1, "max_growth", config.anomaly().maxGrowthPercent() + "%");
        encryption(out, config.encryption());
        NotifyPrinter.render(out, config.notifiers(), env);
        return out.toString();
    }

    private static void encryption(StringBuilder out, EncryptionConfig encryption) {
        if (encryption == null) {
            out.append("encryption: ").append(NOT_SET).append("  # components are stored in the clear\n");
            return;
        }
        out.append("encryption:\n");
        out.append("  recipients:\n");
        for (String recipient : encryption.recipients()) {
            out.append("    - ").append(quote(recipient)).append('\n');
        }
        line(out, 1, "identity_file", path(encryption.identityFile()));
    }

    private static void source(StringBuilder out, SourceConfig s, ConfigSchema schema, ConfigOutput entry) {
        out.append("  - name: ").append(quote(s.name())).append('\n');
        line(out, 2, "type", s.type());
        line(out, 2, "min_size", size(s.minSize()));
        schema.source(s.type()).orElseThrow().print(s, entry);
    }

    private static void target(StringBuilder out, TargetConfig t, ConfigSchema schema, ConfigOutput entry,
                               BackstopConfig config) {
        out.append("  - name: ").append(quote(t.name())).append('\n');
        line(out, 2, "type", t.type());
        schema.target(t.type()).orElseThrow().print(t, entry);
        if (config.encrypted()) {
            line(out, 2, "encrypt", config.encrypts(t.name()) ? "true" : "false  # stored in the clear");
        }
        RetentionPolicy r = t.retention();
        out.append("    retention:").append(r.keepsEverything() ? "  # no rule: nothing is ever removed" : "")
                .append('\n');
        line(out, 3, "keep_last", count(r.keepLast()));
        line(out, 3, "keep_hourly", count(r.keepHourly()));
        line(out, 3, "keep_daily", count(r.keepDaily()));
        line(out, 3, "keep_weekly", count(r.keepWeekly()));
        line(out, 3, "keep_monthly", count(r.keepMonthly()));
        line(out, 3, "keep_yearly", count(r.keepYearly()));
        line(out, 3, "keep_within", r.keepWithin() == null ? NOT_SET : duration(r.keepWithin()));
        line(out, 3, "time_zone", r.timeZone().getId());
    }

    // Only the variable's name and whether it is set: its value is the password.
    static String passwordEnv(String name, Function<String, String> env) {
        if (name == null) {
            return NOT_SET;
        }
        String value = env.apply(name);
        return name + (value == null ? " (not set)" : value.isEmpty() ? " (set, but empty)" : " (set)");
    }

    static void line(StringBuilder out, int depth, String key, String value) {
        out.append("  ".repeat(depth)).append(key).append(": ").append(value).append('\n');
    }

    private static String count(Integer n) {
        return n == null ? NOT_SET : n.toString();
    }

    static String path(Path p) {
        return p == null ? NOT_SET : quote(p.toString());
    }

    /** Exact bytes, so the line reads back as the same size; a human form beside it. */
    static String size(ByteSize size) {
        return size.bytes() + " B" + (size.bytes() >= 1024 ? "  # " + size : "");
    }

    /** A duration in the configuration's own syntax: {@code 6h}, {@code 1h30m}, {@code 14d}. */
    static String duration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long[] amounts = {d.toDaysPart(), d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart(), d.toMillisPart()};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < amounts.length; i++) {
            if (amounts[i] != 0) {
                out.append(amounts[i]).append(units[i]);
            }
        }
        return out.toString();
    }

    /** A YAML scalar: plain when that reads back unchanged, double-quoted otherwise. */
    static String quote(String text) {
        if (PLAIN.matcher(text).matches() && !text.equals("null") && !text.equals("true") && !text.equals("false")) {
            return text;
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
