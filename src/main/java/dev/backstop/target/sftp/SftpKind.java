package dev.backstop.target.sftp;

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

/** The {@code sftp} target kind: a directory on an SSH server (a NAS), with a pinned host key. */
public final class SftpKind implements TargetKind {

    @Override
    public String type() {
        return SftpConfig.TYPE;
    }

    @Override
    public List<String> keys() {
        return SftpConfigReader.KEYS;
    }

    @Override
    public TargetConfig read(Section t, String name, RetentionPolicy retention) {
        return SftpConfigReader.read(t, name, retention);
    }

    @Override
    public void print(TargetConfig config, ConfigOutput out) {
        SftpConfig s = (SftpConfig) config;
        out.text("host", s.host());
        out.value("port", String.valueOf(s.port()));
        out.text("user", s.user());
        out.path("identity", s.identity());
        out.secretEnv("passphrase_env", s.passphraseEnv());
        out.path("passphrase_file", s.passphraseFile());
        out.path("known_hosts", s.knownHosts());
        out.text("path", s.path());
        out.value("verify", s.verify().configName());
        out.text("shell_path_prefix", s.shellPathPrefix());
        out.duration("connect_timeout", s.connectTimeout());
        out.duration("io_timeout", s.ioTimeout());
        out.duration("keepalive", s.keepalive());
        out.value("retries", String.valueOf(s.retries()));
        out.duration("retry_delay", s.retryDelay());
        out.duration("retry_budget", s.retryBudget());
    }

    @Override
    public Target create(TargetConfig config, Path stateDir) {
        return new SftpTarget((SftpConfig) config, stateDir);
    }

    @Override
    public void check(TargetConfig config, Findings findings) {
        SftpConfig s = (SftpConfig) config;
        try (SftpConnection connection = new SftpConnection(s, System::getenv)) {
            SftpPreflight.check(s, connection, findings);
        }
    }

    @Override
    public Optional<Backoff> retries(TargetConfig config) {
        SftpConfig s = (SftpConfig) config;
        return Optional.of(new Backoff(s.retries(), s.retryDelay(), Backoff.DEFAULT_MAX_DELAY, s.retryBudget()));
    }
}
