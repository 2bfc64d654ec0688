package dev.backstop.config;

import java.nio.file.Path;

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
}
