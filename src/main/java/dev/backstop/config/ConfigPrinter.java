package dev.backstop.config;

import dev.backstop.core.ByteSize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Prints a validated configuration as {@code config check} shows it: every key with its effective
 * value, defaults filled in, relative paths resolved. Secrets are never printed: a password
 * environment variable appears as its name and whether it is set.
 */
public final class ConfigPrinter {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9/_.@+=][A-Za-z0-9/_.@+=:-]*");
    private static final String NOT_SET = "(not set)";

    private ConfigPrinter() {
    }

    /** The resolved configuration as YAML-like text, ending with a newline; reads the environment. */
    public static String render(BackstopConfig config) {
        return render(config, System::getenv);
    }

    /** As {@link #render(BackstopConfig)}, with {@code env} standing for the process environment. */
    static String render(BackstopConfig config, Function<String, String> env) {
        StringBuilder out = new StringBuilder();
        out.append("# resolved configuration of ").append(config.file()).append('\n');
        line(out, 0, "host", quote(config.host()));
        line(out, 0, "state_dir", path(config.stateDir()));
        line(out, 0, "compression", config.compression().configName());
        out.append("sources:\n");
        for (SourceConfig s : config.sources()) {
            source(out, s, env);
            AnomalyConfig own = config.sourceAnomaly().get(s.name());
            if (own != null) {
                out.append("    anomaly:\n");
                line(out, 3, "max_shrink", own.maxShrinkPercent() + "%");
                line(out, 3, "max_growth", own.maxGrowthPercent() + "%");
            }
        }
        out.append("targets:\n");
        for (TargetConfig t : config.targets()) {
            target(out, t, env);
        }
        out.append("anomaly:\n");
        line(out, 1, "window", String.valueOf(config.anomaly().window()));
        line(out, 1, "max_shrink", config.anomaly().maxShrinkPercent() + "%");
        line(out, 1, "max_growth", config.anomaly().maxGrowthPercent() + "%");
        NotifyPrinter.render(out, config.notifiers(), env);
        return out.toString();
    }

    private static void source(StringBuilder out, SourceConfig s, Function<String, String> env) {
        out.append("  - name: ").append(quote(s.name())).append('\n');
        line(out, 2, "type", s.type());
        line(out, 2, "min_size", size(s.minSize()));
        // Java 17: no pattern matching in switch yet
        if (s instanceof SourceConfig.Mysql m) {
            line(out, 2, "database", quote(m.database()));
            line(out, 2, "defaults_file", path(m.defaultsFile()));
            line(out, 2, "host", orNotSet(m.host()));
            line(out, 2, "port", m.port() == null ? NOT_SET : m.port().toString());
            line(out, 2, "socket", path(m.socket()));
            line(out, 2, "user", orNotSet(m.user()));
            line(out, 2, "password_env", passwordEnv(m.passwordEnv(), env));
            line(out, 2, "dump_command", m.dumpCommand() == null ? "(not set: mariadb-dump, else mysqldump)"
                    : quote(m.dumpCommand()));
            line(out, 2, "timeout", duration(m.timeout()));
        } else if (s instanceof SourceConfig.Postgres p) {
            line(out, 2, "database", quote(p.database()));
            line(out, 2, "host", orNotSet(p.host()));
            line(out, 2, "port", p.port() == null ? NOT_SET : p.port().toString());
            line(out, 2, "user", orNotSet(p.user()));
            line(out, 2, "passfile", path(p.passfile()));
            line(out, 2, "password_env", passwordEnv(p.passwordEnv(), env));
            line(out, 2, "dump_command", p.dumpCommand() == null ? "(not set: pg_dump)" : quote(p.dumpCommand()));
            line(out, 2, "timeout", duration(p.timeout()));
        } else if (s instanceof SourceConfig.Sqlite q) {
            line(out, 2, "path", path(q.path()));
        } else if (s instanceof SourceConfig.Files f) {
            list(out, "paths", f.paths().stream().map(ConfigPrinter::path).toList());
            list(out, "exclude", f.exclude().stream().map(ConfigPrinter::quote).toList());
        } else if (s instanceof SourceConfig.Command c) {
            list(out, "command", c.command().stream().map(ConfigPrinter::quote).toList());
            line(out, 2, "timeout", duration(c.timeout()));
        }
    }

    private static void target(StringBuilder out, TargetConfig t, Function<String, String> env) {
        out.append("  - name: ").append(quote(t.name())).append('\n');
        line(out, 2, "type", t.type());
        if (t instanceof TargetConfig.Local local) {
            line(out, 2, "path", path(local.path()));
        } else if (t instanceof TargetConfig.Sftp s) {
            sftp(out, s, env);
        } else if (t instanceof TargetConfig.S3 s) {
            s3(out, s, env);
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

    private static void sftp(StringBuilder out, TargetConfig.Sftp s, Function<String, String> env) {
        line(out, 2, "host", quote(s.host()));
        line(out, 2, "port", String.valueOf(s.port()));
        line(out, 2, "user", quote(s.user()));
        line(out, 2, "identity", path(s.identity()));
        line(out, 2, "passphrase_env", passwordEnv(s.passphraseEnv(), env));
        line(out, 2, "passphrase_file", path(s.passphraseFile()));
        line(out, 2, "known_hosts", path(s.knownHosts()));
        line(out, 2, "path", quote(s.path()));
        line(out, 2, "verify", s.verify().configName());
        line(out, 2, "shell_path_prefix", orNotSet(s.shellPathPrefix()));
        line(out, 2, "connect_timeout", duration(s.connectTimeout()));
        line(out, 2, "io_timeout", duration(s.ioTimeout()));
        line(out, 2, "keepalive", duration(s.keepalive()));
        line(out, 2, "retries", String.valueOf(s.retries()));
        line(out, 2, "retry_delay", duration(s.retryDelay()));
        line(out, 2, "retry_budget", duration(s.retryBudget()));
    }

    private static void s3(StringBuilder out, TargetConfig.S3 s, Function<String, String> env) {
        line(out, 2, "endpoint", s.endpoint() == null ? "(not set: AWS S3 in the region)" : quote(s.endpoint()));
        line(out, 2, "region", quote(s.region()));
        line(out, 2, "bucket", quote(s.bucket()));
        line(out, 2, "prefix", s.prefix().isEmpty() ? "(not set: the bucket's top)" : quote(s.prefix()));
        line(out, 2, "path_style", String.valueOf(s.pathStyle()));
        line(out, 2, "access_key_env", passwordEnv(s.accessKeyEnv(), env));
        line(out, 2, "secret_key_env", passwordEnv(s.secretKeyEnv(), env));
        line(out, 2, "credentials_file", path(s.credentialsFile()));
        line(out, 2, "storage_class", s.storageClass() == null ? "(not set: the bucket's default)" : quote(s.storageClass()));
        line(out, 2, "server_side_encryption", s.serverSideEncryption() == null ? "(not set: the bucket's default)"
                : quote(s.serverSideEncryption()));
        line(out, 2, "kms_key_id", orNotSet(s.kmsKeyId()));
        line(out, 2, "connect_timeout", duration(s.connectTimeout()));
        line(out, 2, "io_timeout", duration(s.ioTimeout()));
        line(out, 2, "retries", String.valueOf(s.retries()));
        line(out, 2, "retry_delay", duration(s.retryDelay()));
        line(out, 2, "retry_budget", duration(s.retryBudget()));
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

    private static void list(StringBuilder out, String key, List<String> items) {
        if (items.isEmpty()) {
            line(out, 2, key, "[]");
            return;
        }
        out.append("    ").append(key).append(":\n");
        for (String item : items) {
            out.append("      - ").append(item).append('\n');
        }
    }

    private static String count(Integer n) {
        return n == null ? NOT_SET : n.toString();
    }

    private static String orNotSet(String text) {
        return text == null ? NOT_SET : quote(text);
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
