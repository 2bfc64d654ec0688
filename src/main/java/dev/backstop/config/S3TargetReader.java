package dev.backstop.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads one {@code type: s3} entry of {@code targets:}. */
final class S3TargetReader {

    static final List<String> KEYS = List.of("name", "type", "endpoint", "region", "bucket", "prefix", "path_style",
            "access_key_env", "secret_key_env", "credentials_file", "storage_class", "server_side_encryption",
            "kms_key_id", "connect_timeout", "io_timeout", "retries", "retry_delay", "retry_budget", "retention");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,254}");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]+");
    /** Classes whose objects cannot be read without a restore request: nothing could be verified. */
    private static final List<String> ARCHIVE_CLASSES = List.of("GLACIER", "DEEP_ARCHIVE");

    private S3TargetReader() {
    }

    static TargetConfig.S3 read(Section t, String name, RetentionPolicy retention) {
        t.rejectUnknown(KEYS, "an s3 target");
        t.rejectPasswordKey();
        String endpoint = t.has("endpoint") ? t.parsed("endpoint", S3TargetReader::endpoint) : null;
        String region = t.has("region") ? t.string("region") : TargetConfig.S3.DEFAULT_REGION;
        if (region != null && !REGION.matcher(region).matches()) {
            t.problems().add(t.value("region"), t.keyPath("region"), "'" + region + "' is not a region name"
                    + " (e.g. us-east-1, eu-central-1; MinIO and Ceph accept us-east-1)");
        }
        String bucket = t.requiredString("bucket");
        if (bucket != null && !BUCKET.matcher(bucket).matches()) {
            t.problems().add(t.value("bucket"), t.keyPath("bucket"), "'" + bucket + "' is not a bucket name"
                    + " (letters, digits, '.', '-'; write the key prefix under prefix:)");
        }
        String prefix = t.has("prefix") ? t.string("prefix") : "";
        if (prefix != null && !prefix.isEmpty() && !validPrefix(prefix)) {
            t.problems().add(t.value("prefix"), t.keyPath("prefix"), "'" + prefix + "' is not a usable key prefix:"
                    + " no '/' at either end, no empty, '.' or '..' element (e.g. backups/servers)");
        }
        Boolean pathStyle = t.has("path_style") ? t.parsed("path_style", S3TargetReader::bool) : endpoint != null;
        String accessKeyEnv = envName(t, "access_key_env");
        String secretKeyEnv = envName(t, "secret_key_env");
        Path credentialsFile = t.path("credentials_file");
        if (t.has("credentials_file") && (t.has("access_key_env") || t.has("secret_key_env"))) {
            t.problems().add(t.value("credentials_file"), t.keyPath("credentials_file"),
                    "give the keys either by access_key_env and secret_key_env or by credentials_file, not both");
        } else if (!t.has("credentials_file")) {
            accessKeyEnv = t.has("access_key_env") ? accessKeyEnv : TargetConfig.S3.DEFAULT_ACCESS_KEY_ENV;
            secretKeyEnv = t.has("secret_key_env") ? secretKeyEnv : TargetConfig.S3.DEFAULT_SECRET_KEY_ENV;
        }
        String storageClass = t.string("storage_class");
        if (storageClass != null && !WORD.matcher(storageClass).matches()) {
            t.problems().add(t.value("storage_class"), t.keyPath("storage_class"), "'" + storageClass
                    + "' is not a storage class (e.g. STANDARD, STANDARD_IA, INTELLIGENT_TIERING)");
        } else if (storageClass != null && ARCHIVE_CLASSES.contains(storageClass.toUpperCase(Locale.ROOT))) {
            t.problems().add(t.value("storage_class"), t.keyPath("storage_class"), storageClass + " objects cannot"
                    + " be read without a restore request, so backstop could neither verify nor restore them; store in"
                    + " STANDARD or GLACIER_IR and move older sets with a lifecycle rule of the bucket instead");
        }
        String sse = t.has("server_side_encryption") ? t.parsed("server_side_encryption", S3TargetReader::sse) : null;
        String kmsKeyId = t.string("kms_key_id");
        if (kmsKeyId != null && !"aws:kms".equals(sse) && t.has("server_side_encryption")) {
            t.problems().add(t.value("kms_key_id"), t.keyPath("kms_key_id"),
                    "a KMS key needs server_side_encryption: aws:kms");
        } else if (kmsKeyId != null && !t.has("server_side_encryption")) {
            sse = "aws:kms";
        }
        Duration connectTimeout = positive(t, "connect_timeout", TargetConfig.S3.DEFAULT_CONNECT_TIMEOUT);
        Duration ioTimeout = positive(t, "io_timeout", TargetConfig.S3.DEFAULT_IO_TIMEOUT);
        int retries = t.has("retries") ? orZero(t.integer("retries", 0, 100)) : TargetConfig.S3.DEFAULT_RETRIES;
        Duration retryDelay = positive(t, "retry_delay", TargetConfig.S3.DEFAULT_RETRY_DELAY);
        Duration retryBudget = positive(t, "retry_budget", TargetConfig.S3.DEFAULT_RETRY_BUDGET);
        return new TargetConfig.S3(name, endpoint, region, bucket, prefix, pathStyle != null && pathStyle, accessKeyEnv,
                secretKeyEnv, credentialsFile, storageClass, sse, kmsKeyId, connectTimeout, ioTimeout, retries,
                retryDelay, retryBudget, retention);
    }

    private static String envName(Section t, String key) {
        String name = t.string(key);
        if (name != null && !ENV_NAME.matcher(name).matches()) {
            t.problems().add(t.value(key), t.keyPath(key), "is not the name of an environment variable; write the"
                    + " variable's name (e.g. " + (key.startsWith("access") ? "S3_ACCESS_KEY" : "S3_SECRET_KEY")
                    + "), never the key itself");
            return null;
        }
        return name;
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
