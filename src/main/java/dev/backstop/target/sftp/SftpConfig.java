package dev.backstop.target.sftp;

import dev.backstop.config.RetentionPolicy;
import dev.backstop.config.TargetConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code type: sftp}: a directory on an SSH server (a NAS), reached with a key and a pinned host key.
 *
 * @param path            the directory as the SFTP server shows it; relative ones start at the login directory
 * @param passphraseEnv   environment variable holding the key's passphrase, or null
 * @param passphraseFile  file (0600) holding the key's passphrase, or null
 * @param shellPathPrefix prepended to SFTP paths for commands run in the server's shell
 *                        ({@code /volume1} on a Synology), or null
 * @param keepalive       interval of SSH keepalive requests on an idle connection
 * @param retries         how many times a transient failure is retried
 * @param retryDelay      the first wait before a retry; doubled each time, with jitter
 * @param retryBudget     the longest time one operation may spend retrying
 */
public record SftpConfig(String name, String host, int port, String user, Path identity, String passphraseEnv,
            Path passphraseFile, Path knownHosts, String path, Verify verify, String shellPathPrefix,
            Duration connectTimeout, Duration ioTimeout, Duration keepalive, int retries, Duration retryDelay,
            Duration retryBudget, RetentionPolicy retention) implements TargetConfig {

    public static final String TYPE = "sftp";

    public static final int DEFAULT_PORT = 22;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IO_TIMEOUT = Duration.ofMinutes(2);
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(30);
    public static final int DEFAULT_RETRIES = 5;
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(2);
    public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofMinutes(10);

    @Override
    public String type() {
        return TYPE;
    }

    /** {@code user@host:port}, for messages. */
    public String address() {
        return user + "@" + host + ":" + port;
    }

    /** How an SFTP target proves that a stored file holds the bytes sent. */
    public enum Verify {
        /** Re-read the file over SFTP and hash it here. */
        READ_BACK,
        /** Run {@code sha256sum} on the server over SSH. */
        REMOTE_HASH,
        /** Remote hash once it has matched a read-back on this target, else read-back. */
        AUTO;

        /** The configuration's word: {@code read-back}, {@code remote-hash}, {@code auto}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
