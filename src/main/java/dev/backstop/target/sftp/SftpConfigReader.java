package dev.backstop.target.sftp;

import dev.backstop.config.RetentionPolicy;
import dev.backstop.config.Section;
import dev.backstop.target.sftp.SftpConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Reads one {@code type: sftp} entry of {@code targets:}. */
final class SftpConfigReader {

    static final List<String> KEYS = List.of("name", "type", "host", "port", "user", "identity", "passphrase_env",
            "passphrase_file", "known_hosts", "path", "verify", "shell_path_prefix", "connect_timeout", "io_timeout",
            "keepalive", "retries", "retry_delay", "retry_budget", "retention");

    private SftpConfigReader() {
    }

    static SftpConfig read(Section t, String name, RetentionPolicy retention) {
        String host = t.requiredString("host");
        if (host != null && (host.contains("/") || host.contains("@") || host.isBlank())) {
            t.problem("host", "'" + host + "' is not a host name or address"
                    + " (write the user under user: and the directory under path:)");
        }
        int port = t.has("port") ? orZero(t.integer("port", 1, 65535)) : SftpConfig.DEFAULT_PORT;
        String user = t.requiredString("user");
        Path identity = t.requiredPath("identity", " (the private key file, e.g. /etc/backstop/id_ed25519)");
        Path knownHosts = t.requiredPath("known_hosts", " (a file with the server's pinned host key; "
                + "'backstop hostkey --target " + name + "' prints the line to put there)");
        String path = t.requiredString("path");
        String passphraseEnv = t.envName("passphrase_env", "NAS_KEY_PASSPHRASE", "passphrase");
        Path passphraseFile = t.path("passphrase_file");
        if (t.has("passphrase_env") && t.has("passphrase_file")) {
            t.problem("passphrase_file", "give the key's passphrase either by passphrase_env or by passphrase_file, not both");
        }
        SftpConfig.Verify verify = SftpConfig.Verify.AUTO;
        if (t.has("verify")) {
            verify = verify(t);
        }
        String prefix = t.string("shell_path_prefix");
        if (prefix != null && (!prefix.startsWith("/") || prefix.endsWith("/") || prefix.indexOf('\0') >= 0)) {
            t.problem("shell_path_prefix", "must be an absolute"
                    + " directory without a trailing '/', e.g. /volume1 (not '" + prefix + "')");
        }
        Duration connectTimeout = t.positiveDuration("connect_timeout", SftpConfig.DEFAULT_CONNECT_TIMEOUT);
        Duration ioTimeout = t.positiveDuration("io_timeout", SftpConfig.DEFAULT_IO_TIMEOUT);
        Duration keepalive = t.positiveDuration("keepalive", SftpConfig.DEFAULT_KEEPALIVE);
        int retries = t.has("retries") ? orZero(t.integer("retries", 0, 100)) : SftpConfig.DEFAULT_RETRIES;
        Duration retryDelay = t.positiveDuration("retry_delay", SftpConfig.DEFAULT_RETRY_DELAY);
        Duration retryBudget = t.positiveDuration("retry_budget", SftpConfig.DEFAULT_RETRY_BUDGET);
        return new SftpConfig(name, host, port, user, identity, passphraseEnv, passphraseFile, knownHosts,
                path, verify, prefix, connectTimeout, ioTimeout, keepalive, retries, retryDelay, retryBudget, retention);
    }

    private static SftpConfig.Verify verify(Section t) {
        String text = t.string("verify");
        for (SftpConfig.Verify v : SftpConfig.Verify.values()) {
            if (v.configName().equals(text)) {
                return v;
            }
        }
        if (text != null) {
            t.problem("verify", "unknown verification '" + text
                    + "' (known: auto, read-back, remote-hash)");
        }
        return null;
    }

    private static int orZero(Integer n) {
        return n == null ? 0 : n;
    }
}
