package dev.backstop.target.s3;

import dev.backstop.core.PreflightException;
import dev.backstop.exec.SecretFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The access key pair of an S3 target, from two environment variables or from a private
 * credentials file in the AWS style ({@code aws_access_key_id = ...} and
 * {@code aws_secret_access_key = ...}, an optional {@code [default]} line, {@code #} comments).
 * Messages name the variable or file, never a key.
 */
record S3Credentials(String accessKey, String secretKey) {

    @Override
    public String toString() {
        return "S3Credentials[masked]";
    }

    /** @throws PreflightException naming the variable or file that does not give a key */
    static S3Credentials resolve(S3Config config, Function<String, String> env) throws PreflightException {
        String target = "target " + config.name();
        if (config.credentialsFile() != null) {
            return fromFile(config.credentialsFile(), target + ": credentials_file");
        }
        return new S3Credentials(fromEnv(env, config.accessKeyEnv(), target + ": access_key_env"),
                fromEnv(env, config.secretKeyEnv(), target + ": secret_key_env"));
    }

    private static String fromEnv(Function<String, String> env, String name, String what) throws PreflightException {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            throw new PreflightException(what + ": the environment variable " + name + " is "
                    + (value == null ? "not set" : "empty") + "; set it in the environment of backstop (for a systemd"
                    + " unit: EnvironmentFile=), or use credentials_file");
        }
        return value.trim();
    }

    static S3Credentials fromFile(Path file, String what) throws PreflightException {
        SecretFiles.requirePrivate(file, what);
        Map<String, String> keys = new HashMap<>();
        try {
            int number = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                number++;
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#") || l.startsWith(";") || l.startsWith("[")) {
                    continue;
                }
                int eq = l.indexOf('=');
                if (eq < 0) {
                    throw new PreflightException(what + " " + file + " line " + number + ": expected 'name = value'");
                }
                String key = l.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT);
                if (keys.put(key, l.substring(eq + 1).strip()) != null) {
                    throw new PreflightException(what + " " + file + " line " + number + ": " + key + " is given twice;"
                            + " keep one pair of keys in this file");
                }
            }
        } catch (IOException e) {
            throw new PreflightException(what + " " + file + " cannot be read: " + e.getMessage(), e);
        }
        String access = keys.get("aws_access_key_id");
        String secret = keys.get("aws_secret_access_key");
        if (access == null || access.isEmpty() || secret == null || secret.isEmpty()) {
            throw new PreflightException(what + " " + file + " must hold aws_access_key_id = ... and"
                    + " aws_secret_access_key = ..., each on its own line");
        }
        return new S3Credentials(access, secret);
    }
}
