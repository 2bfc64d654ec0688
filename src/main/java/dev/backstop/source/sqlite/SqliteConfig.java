package dev.backstop.source.sqlite;

import dev.backstop.config.SourceConfig;
import dev.backstop.core.ByteSize;
import java.nio.file.Path;

/** {@code type: sqlite}: an online copy of a SQLite database file. */
public record SqliteConfig(String name, ByteSize minSize, Path path) implements SourceConfig {

    public static final String TYPE = "sqlite";

    @Override
    public String type() {
        return TYPE;
    }
}
