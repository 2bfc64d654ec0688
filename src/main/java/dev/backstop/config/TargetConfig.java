package dev.backstop.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** One entry of {@code targets:}. */
public sealed interface TargetConfig {

    String name();

    String type();

    RetentionPolicy retention();

    /** {@code type: local}: a directory on this machine (or a mounted disk). */
    record Local(String name, Path path, RetentionPolicy retention) implements TargetConfig {
        public String type() {
            return "local";
        }
    }

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
    record Sftp(String name, String host, int port, String user, Path identity, String passphraseEnv,
                Path passphraseFile, Path knownHosts, String path, Verify verify, String shellPathPrefix,
                Duration connectTimeout, Duration ioTimeout, Duration keepalive, int retries, Duration retryDelay,
                Duration retryBudget, RetentionPolicy retention) implements TargetConfig {

        public static final int DEFAULT_PORT = 22;
        public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
        public static final Duration DEFAULT_IO_TIMEOUT = Duration.ofMinutes(2);
        public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(30);
        public static final int DEFAULT_RETRIES = 5;
        public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(2);
        public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofMinutes(10);

        public String type() {
            return "sftp";
        }

        /** {@code user@host:port}, for messages. */
        public String address() {
            return user + "@" + host + ":" + port;
        }
    }

    /**
     * {@code type: s3}: a bucket of an S3-compatible object store (AWS S3, MinIO, Ceph RGW).
     *
     * @param endpoint             the service's URL, or null for AWS S3 in {@code region}
     * @param prefix               key prefix below which everything is stored, without slashes at
     *                             either end; empty for the bucket's top
     * @param pathStyle            bucket in the URL path ({@code http://host/bucket/key}) instead of the host name
     * @param accessKeyEnv         environment variable holding the access key id, or null with {@code credentialsFile}
     * @param secretKeyEnv         environment variable holding the secret key, or null with {@code credentialsFile}
     * @param credentialsFile      file (0600) holding both keys, AWS credentials-file style, or null
     * @param storageClass         storage class of every object, or null for the bucket's default
     * @param serverSideEncryption {@code AES256} or {@code aws:kms}, or null for the bucket's default
     * @param kmsKeyId             the KMS key for {@code aws:kms}, or null for the service's default key
     */
    record S3(String name, String endpoint, String region, String bucket, String prefix, boolean pathStyle,
              String accessKeyEnv, String secretKeyEnv, Path credentialsFile, String storageClass,
              String serverSideEncryption, String kmsKeyId, Duration connectTimeout, Duration ioTimeout, int retries,
              Duration retryDelay, Duration retryBudget, RetentionPolicy retention) implements TargetConfig {

        public static final String DEFAULT_REGION = "us-east-1";
        public static final String DEFAULT_ACCESS_KEY_ENV = "AWS_ACCESS_KEY_ID";
        public static final String DEFAULT_SECRET_KEY_ENV = "AWS_SECRET_ACCESS_KEY";
        public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
        public static final Duration DEFAULT_IO_TIMEOUT = Duration.ofMinutes(2);
        public static final int DEFAULT_RETRIES = 5;
        public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(2);
        public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofMinutes(10);

        public String type() {
            return "s3";
        }

        /** {@code s3://bucket/prefix at endpoint}, for messages. */
        public String address() {
            return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix) + " at "
                    + (endpoint == null ? "AWS S3 (" + region + ")" : endpoint);
        }
    }

    /** How an SFTP target proves that a stored file holds the bytes sent. */
    enum Verify {
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
