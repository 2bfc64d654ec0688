package dev.backstop.target.local;

import dev.backstop.config.RetentionPolicy;
import dev.backstop.config.TargetConfig;
import java.nio.file.Path;

/** {@code type: local}: a directory on this machine (or a mounted disk). */
public record LocalConfig(String name, Path path, RetentionPolicy retention) implements TargetConfig {

    public static final String TYPE = "local";

    @Override
    public String type() {
        return TYPE;
    }
}
