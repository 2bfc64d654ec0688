package dev.backstop.source;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.SourceConfig;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.source.command.CommandSource;
import dev.backstop.source.files.FilesSource;
import dev.backstop.source.mysql.MysqlServer;
import dev.backstop.source.mysql.MysqlSource;
import dev.backstop.source.postgres.PostgresServer;
import dev.backstop.source.postgres.PostgresSource;
import dev.backstop.source.sqlite.SqliteSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry of source types: the one place that knows every implementation. The
 * configuration has already refused unknown types, naming the known ones.
 */
public final class Sources {

    private Sources() {
    }

    /** Builds the sources in configuration order; nothing runs yet. */
    public static List<Source> create(BackstopConfig config) {
        ProcessRunner runner = new ProcessRunner();
        List<Source> sources = new ArrayList<>();
        for (SourceConfig sc : config.sources()) {
            sources.add(create(sc, runner));
        }
        return sources;
    }

    /**
     * The server of a database source, for restores into it; empty for a source type that is not a
     * database server (sqlite, files, command).
     *
     * @param scratchDir a private directory for the client's option and SQL files
     */
    public static java.util.Optional<DatabaseServer> server(SourceConfig sc, ProcessRunner runner, Path scratchDir) {
        if (sc instanceof SourceConfig.Mysql mysql) {
            return java.util.Optional.of(new MysqlServer(mysql, runner, scratchDir, System::getenv));
        } else if (sc instanceof SourceConfig.Postgres postgres) {
            return java.util.Optional.of(new PostgresServer(postgres, runner, scratchDir, System::getenv));
        }
        return java.util.Optional.empty();
    }

    private static Source create(SourceConfig sc, ProcessRunner runner) {
        if (sc instanceof SourceConfig.Mysql mysql) {
            return new MysqlSource(mysql, runner);
        } else if (sc instanceof SourceConfig.Postgres postgres) {
            return new PostgresSource(postgres, runner);
        } else if (sc instanceof SourceConfig.Sqlite sqlite) {
            return new SqliteSource(sqlite);
        } else if (sc instanceof SourceConfig.Files files) {
            return new FilesSource(files);
        } else if (sc instanceof SourceConfig.Command command) {
            return new CommandSource(command, runner);
        }
        throw new IllegalStateException("no source implementation for type " + sc.type());
    }
}
