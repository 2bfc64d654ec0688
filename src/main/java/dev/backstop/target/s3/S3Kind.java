package dev.backstop.target.s3;

import dev.backstop.config.ConfigOutput;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.config.Section;
import dev.backstop.config.TargetConfig;
import dev.backstop.core.Findings;
import dev.backstop.target.Backoff;
import dev.backstop.target.Target;
import dev.backstop.target.TargetKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The {@code s3} target kind: a bucket of an S3-compatible object store. */
public final class S3Kind implements TargetKind {

    @Override
    public String type() {
        return S3Config.TYPE;
    }

    @Override
    public List<String> keys() {
        return S3ConfigReader.KEYS;
    }

    @Override
    public TargetConfig read(Section t, String name, RetentionPolicy retention) {
        return S3ConfigReader.read(t, name, retention);
    }

    @Override
    public void print(TargetConfig config, ConfigOutput out) {
        S3Config s = (S3Config) config;
        out.text("endpoint", s.endpoint(), "(not set: AWS S3 in the region)");
        out.text("region", s.region());
        out.text("bucket", s.bucket());
        out.text("prefix", s.prefix().isEmpty() ? null : s.prefix(), "(not set: the bucket's top)");
        out.value("path_style", String.valueOf(s.pathStyle()));
        out.secretEnv("access_key_env", s.accessKeyEnv());
        out.secretEnv("secret_key_env", s.secretKeyEnv());
        out.path("credentials_file", s.credentialsFile());
        out.text("storage_class", s.storageClass(), "(not set: the bucket's default)");
        out.text("server_side_encryption", s.serverSideEncryption(), "(not set: the bucket's default)");
        out.text("kms_key_id", s.kmsKeyId());
        out.duration("connect_timeout", s.connectTimeout());
        out.duration("io_timeout", s.ioTimeout());
        out.value("retries", String.valueOf(s.retries()));
        out.duration("retry_delay", s.retryDelay());
        out.duration("retry_budget", s.retryBudget());
        out.value("checksum", s.checksum().word());
    }

    @Override
    public Target create(TargetConfig config, Path stateDir) {
        return new S3Target((S3Config) config, stateDir);
    }

    @Override
    public void check(TargetConfig config, Findings findings) {
        S3Config s = (S3Config) config;
        try (S3Connection connection = new S3Connection(s, System::getenv)) {
            S3Preflight.check(s, connection, findings);
        }
    }

    @Override
    public Optional<Backoff> retries(TargetConfig config) {
        S3Config s = (S3Config) config;
        return Optional.of(new Backoff(s.retries(), s.retryDelay(), Backoff.DEFAULT_MAX_DELAY, s.retryBudget()));
    }
}
