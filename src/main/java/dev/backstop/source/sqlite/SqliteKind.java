package dev.backstop.source.sqlite;

import dev.backstop.config.ConfigOutput;
import dev.backstop.config.Section;
import dev.backstop.config.SourceConfig;
import dev.backstop.core.ByteSize;
import dev.backstop.core.Findings;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.source.ComponentRestorer;
import dev.backstop.source.RestoreDestination;
import dev.backstop.source.RestoreScratch;
import dev.backstop.source.Restored;
import dev.backstop.source.Source;
import dev.backstop.source.SourceKind;
import dev.backstop.source.StoredComponent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code sqlite} source kind: an online copy of the database file. It comes back as the file
 * itself, opened read-only and checked with {@code PRAGMA integrity_check}.
 */
public final class SqliteKind implements SourceKind {

    @Override
    public String type() {
        return SqliteConfig.TYPE;
    }

    @Override
    public List<String> keys() {
        return List.of("path");
    }

    @Override
    public SourceConfig read(Section s, String name, ByteSize minSize) {
        return new SqliteConfig(name, minSize, s.requiredPath("path", ""));
    }

    @Override
    public void print(SourceConfig config, ConfigOutput out) {
        out.path("path", ((SqliteConfig) config).path());
    }

    @Override
    public Source create(SourceConfig config, ProcessRunner runner) {
        return new SqliteSource((SqliteConfig) config);
    }

    @Override
    public void check(SourceConfig config, Findings findings) {
        new SqliteSource((SqliteConfig) config).check(findings);
    }

    @Override
    public ComponentRestorer restorer() {
        return new ComponentRestorer() {
            @Override
            public Restored test(StoredComponent component, RestoreScratch scratch) throws IOException {
                Path file = scratch.directory().resolve(component.name() + ".db");
                long raw = component.decompressTo(file);
                return new Restored("opened, integrity_check ok", raw, SqliteCheck.inspect(file), null, null);
            }

            @Override
            public String restore(StoredComponent component, RestoreDestination destination) throws IOException {
                Path file = destination.directory().resolve(component.name() + ".db");
                component.decompressTo(file);
                SqliteCheck.inspect(file);
                return component.name() + ": SQLite database " + file + " (integrity_check ok)";
            }
        };
    }
}
