package dev.backstop.target.local;

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

/** The {@code local} target kind: a directory on this machine or a mounted disk. */
public final class LocalKind implements TargetKind {

    @Override
    public String type() {
        return LocalConfig.TYPE;
    }

    @Override
    public List<String> keys() {
        return List.of("name", "type", "path", "retention");
    }

    @Override
    public TargetConfig read(Section t, String name, RetentionPolicy retention) {
        return new LocalConfig(name, t.requiredPath("path", " (the directory that holds the backups)"), retention);
    }

    @Override
    public void print(TargetConfig config, ConfigOutput out) {
        out.path("path", ((LocalConfig) config).path());
    }

    @Override
    public Target create(TargetConfig config, Path stateDir) {
        return new LocalTarget((LocalConfig) config);
    }

    @Override
    public void check(TargetConfig config, Findings findings) {
        new LocalTarget((LocalConfig) config).check(findings);
    }

    @Override
    public Optional<Backoff> retries(TargetConfig config) {
        return Optional.empty();
    }
}
