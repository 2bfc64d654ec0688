package dev.backstop.target.s3;

import dev.backstop.config.RetentionPolicy;
import dev.backstop.config.TargetConfig;
import java.nio.file.Path;
import java.time.Duration;

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
 * @param checksum             how requests prove their bytes to the service
 */
public record S3Config(String name, String endpoint, String region, String bucket, String prefix, boolean pathStyle,
          String accessKeyEnv, String secretKeyEnv, Path credentialsFile, String storageClass,
          String serverSideEncryption, String kmsKeyId, Duration connectTimeout, Duration ioTimeout, int retries,
          Duration retryDelay, Duration retryBudget, S3Checksum checksum, RetentionPolicy retention) implements TargetConfig {

    public static final String TYPE = "s3";

    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCESS_KEY_ENV = "AWS_ACCESS_KEY_ID";
    public static final String DEFAULT_SECRET_KEY_ENV = "AWS_SECRET_ACCESS_KEY";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IO_TIMEOUT = Duration.ofMinutes(2);
    public static final int DEFAULT_RETRIES = 5;
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(2);
    public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofMinutes(10);

    @Override
    public String type() {
        return TYPE;
    }

    /** {@code s3://bucket/prefix at endpoint}, for messages. */
    public String address() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix) + " at "
                + (endpoint == null ? "AWS S3 (" + region + ")" : endpoint);
    }
}
