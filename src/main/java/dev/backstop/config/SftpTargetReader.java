package dev.backstop.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** Reads one {@code type: sftp} entry of {@code targets:}. */
final class SftpTargetReader {

    static final List<String> KEYS = List.of("name", "type", "host", "port", "user", "identity", "passphrase_env",
            "passphrase_file", "known_hosts", "path", "verify", "shell_path_prefix", "connect_timeout", "io_timeout",
            "keepalive", "retries", "retry_delay", "retry_budget", "retention");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SftpTargetReader() {
    }

    static TargetConfig.Sftp read(Section t, String name, RetentionPolicy retention) {
        t.rejectUnknown(KEYS, "an sftp target");
        String host = t.requiredString("host");
        if (host != null && (host.contains("/") || host.contains("@") || host.isBlank())) {
            t.problems().add(t.value("host"), t.keyPath("host"), "'" + host + "' is not a host name or address"
                    + " (write the user under user: and the directory under path:)");
        }
        int port = t.has("port") ? orZero(t.integer("port", 1, 65535)) : TargetConfig.Sftp.DEFAULT_PORT;
        String user = t.requiredString("user");
        Path identity = required(t, "identity", " (the private key file, e.g. /etc/backstop/id_ed25519)");
        Path knownHosts = required(t, "known_hosts", " (a file with the server's pinned host key; "
                + "'backstop hostkey --target " + name + "' prints the line to put there)");
        String path = t.requiredString("path");
        String passphraseEnv = t.string("passphrase_env");
        if (passphraseEnv != null && !ENV_NAME.matcher(passphraseEnv).matches()) {
            t.problems().add(t.value("passphrase_env"), t.keyPath("passphrase_env"), "is not the name of an"
                    + " environment variable; write the variable's name (e.g. NAS_KEY_PASSPHRASE), never the passphrase");
            passphraseEnv = null;
        }
        Path passphraseFile = t.path("passphrase_file");
        if (t.has("passphrase_env") && t.has("passphrase_file")) {
            t.problems().add(t.value("passphrase_file"), t.keyPath("passphrase_file"),
                    "give the key's passphrase either by passphrase_env or by passphrase_file, not both");
        }
        TargetConfig.Verify verify = TargetConfig.Verify.AUTO;
        if (t.has("verify")) {
            verify = verify(t);
        }
        String prefix = t.string("shell_path_prefix");
        if (prefix != null && (!prefix.startsWith("/") || prefix.endsWith("/") || prefix.indexOf('\0') >= 0)) {
            t.problems().add(t.value("shell_path_prefix"), t.keyPath("shell_path_prefix"), "must be an absolute"
                    + " directory without a trailing '/', e.g. /volume1 (not '" + prefix + "')");
        }
        Duration connectTimeout = positive(t, "connect_timeout", TargetConfig.Sftp.DEFAULT_CONNECT_TIMEOUT);
        Duration ioTimeout = positive(t, "io_timeout", TargetConfig.Sftp.DEFAULT_IO_TIMEOUT);
        Duration keepalive = positive(t, "keepalive", TargetConfig.Sftp.DEFAULT_KEEPALIVE);
        int retries = t.has("retries") ? orZero(t.integer("retries", 0, 100)) : TargetConfig.Sftp.DEFAULT_RETRIES;
        Duration retryDelay = positive(t, "retry_delay", TargetConfig.Sftp.DEFAULT_RETRY_DELAY);
        Duration retryBudget = positive(t, "retry_budget", TargetConfig.Sftp.DEFAULT_RETRY_BUDGET);
        return new TargetConfig.Sftp(name, host, port, user, identity, passphraseEnv, passphraseFile, knownHosts,
                path, verify, prefix, connectTimeout, ioTimeout, keepalive, retries, retryDelay, retryBudget, retention);
    }

    private static Path required(Section t, String key, String hint) {
        if (!t.has(key)) {
            t.missing(key, hint);
            return null;
        }
        return t.path(key);
    }

    private static TargetConfig.Verify verify(Section t) {
        String text = t.string("verify");
        for (TargetConfig.Verify v : TargetConfig.Verify.values()) {
            if (v.configName().equals(text)) {
                return v;
            }
        }
        if (text != null) {
            t.problems().add(t.value("verify"), t.keyPath("verify"), "unknown verification '" + text
                    + "' (known: auto, read-back, remote-hash)");
        }
        return null;
    }

    private static Duration positive(Section t, String key, Duration otherwise) {
        if (!t.has(key)) {
            return otherwise;
        }
        Duration d = t.duration(key);
        if (d != null && (d.isZero() || d.isNegative())) {
            t.problems().add(t.value(key), t.keyPath(key), "must be longer than zero");
            return null;
        }
        return d;
    }

    private static int orZero(Integer n) {
        return n == null ? 0 : n;
    }
}
