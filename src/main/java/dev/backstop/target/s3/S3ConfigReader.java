package dev.backstop.target.s3;

import dev.backstop.config.RetentionPolicy;
import dev.backstop.config.Section;
import dev.backstop.target.s3.S3Config;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads one {@code type: s3} entry of {@code targets:}. */
final class S3ConfigReader {

    static final List<String> KEYS = List.of("name", "type", "endpoint", "region", "bucket", "prefix", "path_style",
            "access_key_env", "secret_key_env", "credentials_file", "storage_class", "server_side_encryption",
            "kms_key_id", "connect_timeout", "io_timeout", "retries", "retry_delay", "retry_budget", "checksum", "retention");
    private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,254}");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]+");
    /** Classes whose objects cannot be read without a restore request: nothing could be verified. */
    private static final List<String> ARCHIVE_CLASSES = List.of("GLACIER", "DEEP_ARCHIVE");

    private S3ConfigReader() {
    }

    static S3Config read(Section t, String name, RetentionPolicy retention) {
        t.rejectPasswordKey();
        String endpoint = t.has("endpoint") ? t.parsed("endpoint", S3ConfigReader::endpoint) : null;
        String region = t.has("region") ? t.string("region") : S3Config.DEFAULT_REGION;
        if (region != null && !REGION.matcher(region).matches()) {
            t.problem("region", "'" + region + "' is not a region name"
                    + " (e.g. us-east-1, eu-central-1; MinIO and Ceph accept us-east-1)");
        }
        String bucket = t.requiredString("bucket");
        if (bucket != null && !BUCKET.matcher(bucket).matches()) {
            t.problem("bucket", "'" + bucket + "' is not a bucket name"
                    + " (letters, digits, '.', '-'; write the key prefix under prefix:)");
        }
        String prefix = t.has("prefix") ? t.string("prefix") : "";
        if (prefix != null && !prefix.isEmpty() && !validPrefix(prefix)) {
            t.problem("prefix", "'" + prefix + "' is not a usable key prefix:"
                    + " no '/' at either end, no empty, '.' or '..' element (e.g. backups/servers)");
        }
        Boolean pathStyle = t.has("path_style") ? t.parsed("path_style", S3ConfigReader::bool) : endpoint != null;
        String accessKeyEnv = t.envName("access_key_env", "S3_ACCESS_KEY", "key itself");
        String secretKeyEnv = t.envName("secret_key_env", "S3_SECRET_KEY", "key itself");
        Path credentialsFile = t.path("credentials_file");
        if (t.has("credentials_file") && (t.has("access_key_env") || t.has("secret_key_env"))) {
            t.problem("credentials_file", "give the keys either by access_key_env and secret_key_env or by credentials_file, not both");
        } else if (!t.has("credentials_file")) {
            accessKeyEnv = t.has("access_key_env") ? accessKeyEnv : S3Config.DEFAULT_ACCESS_KEY_ENV;
            secretKeyEnv = t.has("secret_key_env") ? secretKeyEnv : S3Config.DEFAULT_SECRET_KEY_ENV;
        }
        String storageClass = t.string("storage_class");
        if (storageClass != null && !WORD.matcher(storageClass).matches()) {
            t.problem("storage_class", "'" + storageClass
                    + "' is not a storage class (e.g. STANDARD, STANDARD_IA, INTELLIGENT_TIERING)");
        } else if (storageClass != null && ARCHIVE_CLASSES.contains(storageClass.toUpperCase(Locale.ROOT))) {
            t.problem("storage_class", storageClass + " objects cannot"
                    + " be read without a restore request, so backstop could neither verify nor restore them; store in"
                    + " STANDARD or GLACIER_IR and move older sets with a lifecycle rule of the bucket instead");
        }
        String sse = t.has("server_side_encryption") ? t.parsed("server_side_encryption", S3ConfigReader::sse) : null;
        String kmsKeyId = t.string("kms_key_id");
        if (kmsKeyId != null && !"aws:kms".equals(sse) && t.has("server_side_encryption")) {
            t.problem("kms_key_id", "a KMS key needs server_side_encryption: aws:kms");
        } else if (kmsKeyId != null && !t.has("server_side_encryption")) {
            sse = "aws:kms";
        }
        Duration connectTimeout = t.positiveDuration("connect_timeout", S3Config.DEFAULT_CONNECT_TIMEOUT);
        Duration ioTimeout = t.positiveDuration("io_timeout", S3Config.DEFAULT_IO_TIMEOUT);
        int retries = t.has("retries") ? orZero(t.integer("retries", 0, 100)) : S3Config.DEFAULT_RETRIES;
        Duration retryDelay = t.positiveDuration("retry_delay", S3Config.DEFAULT_RETRY_DELAY);
        Duration retryBudget = t.positiveDuration("retry_budget", S3Config.DEFAULT_RETRY_BUDGET);
        S3Checksum checksum = t.has("checksum") ? t.parsed("checksum", S3Checksum::parse) : S3Checksum.AUTO;
        return new S3Config(name, endpoint, region, bucket, prefix, pathStyle != null && pathStyle, accessKeyEnv,
                secretKeyEnv, credentialsFile, storageClass, sse, kmsKeyId, connectTimeout, ioTimeout, retries,
                retryDelay, retryBudget, checksum == null ? S3Checksum.AUTO : checksum, retention);
    }

    static boolean validPrefix(String prefix) {
        if (prefix.startsWith("/") || prefix.endsWith("/")) {
            return false;
        }
        for (String element : prefix.split("/", -1)) {
            if (element.isEmpty() || element.equals(".") || element.equals("..")) {
                return false;
            }
        }
        return prefix.indexOf('\0') < 0;
    }

    private static String endpoint(String text) {
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))
                    && uri.getQuery() == null && uri.getUserInfo() == null) {
                String s = uri.toString();
                return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not an endpoint URL: write http(s)://host[:port] only,"
                + " e.g. https://minio.example.lan:9000 (the bucket goes under bucket:, the key prefix under prefix:)");
    }

    private static String sse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("AES256")) {
            return "AES256";
        }
        if (t.equalsIgnoreCase("aws:kms")) {
            return "aws:kms";
        }
        throw new IllegalArgumentException("unknown server-side encryption '" + text + "' (known: AES256, aws:kms)");
    }

    private static Boolean bool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> Boolean.TRUE;
            case "false", "no", "off" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("must be true or false, not '" + text + "'");
        };
    }

    private static int orZero(Integer n) {
        return n == null ? 0 : n;
    }
}
