package dev.backstop.registry;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigSchema;
import dev.backstop.config.SourceConfig;
import dev.backstop.config.TargetConfig;
import dev.backstop.core.EventLog;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.source.DatabaseServer;
import dev.backstop.source.Source;
import dev.backstop.source.SourceKind;
import dev.backstop.source.command.CommandKind;
import dev.backstop.source.files.FilesKind;
import dev.backstop.source.mysql.MysqlKind;
import dev.backstop.source.postgres.PostgresKind;
import dev.backstop.source.sqlite.SqliteKind;
import dev.backstop.target.Target;
import dev.backstop.target.TargetKind;
import dev.backstop.target.Targets;
import dev.backstop.target.local.LocalKind;
import dev.backstop.target.s3.S3Kind;
import dev.backstop.target.sftp.SftpKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registry: every source and target kind, listed once, in the order messages name them.
 * Adding a kind is one package with its descriptor, and one line here.
 */
public final class Kinds {

    public static final List<SourceKind> SOURCES = List.of(new MysqlKind(), new PostgresKind(), new SqliteKind(),
            new FilesKind(), new CommandKind());
    public static final List<TargetKind> TARGETS = List.of(new LocalKind(), new SftpKind(), new S3Kind());

    private static final ConfigSchema SCHEMA = new ConfigSchema(SOURCES, TARGETS);

    private Kinds() {
    }

    /** What the configuration may use: every registered kind. */
    public static ConfigSchema schema() {
        return SCHEMA;
    }

    /** The kind of a {@code type:} word, as a configuration or a manifest names it; empty for a word this version does not know. */
    public static Optional<SourceKind> source(String type) {
        return SOURCES.stream().filter(k -> k.type().equals(type)).findFirst();
    }

    public static Optional<TargetKind> target(String type) {
        return TARGETS.stream().filter(k -> k.type().equals(type)).findFirst();
    }

    /** The sources of a configuration, in its order; nothing runs yet. */
    public static List<Source> sources(BackstopConfig config) {
        ProcessRunner runner = new ProcessRunner();
        List<Source> sources = new ArrayList<>();
        for (SourceConfig sc : config.sources()) {
            sources.add(kindOf(sc).create(sc, runner));
        }
        return sources;
    }

    /**
     * The database server of a configured source, for restores into it; empty for a kind that is
     * not a database server.
     *
     * @param scratchDir a private directory for the client's option and SQL files
     */
    public static Optional<DatabaseServer> server(SourceConfig sc, ProcessRunner runner, Path scratchDir) {
        return kindOf(sc).server(sc, runner, scratchDir);
    }

    /** The targets of a configuration, in its order, decorated as every run uses them; retries are not logged. */
    public static List<Target> targets(BackstopConfig config) {
        return targets(config, null);
    }

    /**
     * The targets of a configuration, in its order; nothing connects yet. Each is decorated as
     * every run uses it ({@link Targets#decorate}), retries logged to {@code log}.
     */
    public static List<Target> targets(BackstopConfig config, EventLog log) {
        List<Target> targets = new ArrayList<>();
        for (TargetConfig tc : config.targets()) {
            TargetKind kind = kindOf(tc);
            targets.add(Targets.decorate(kind.create(tc, config.stateDir()), kind.retries(tc), log));
        }
        return targets;
    }

    /** The kind that read a configured source. */
    public static SourceKind kindOf(SourceConfig sc) {
        return source(sc.type()).orElseThrow(() -> unknown("source", sc.type()));
    }

    /** The kind that read a configured target. */
    public static TargetKind kindOf(TargetConfig tc) {
        return target(tc.type()).orElseThrow(() -> unknown("target", tc.type()));
    }

    // The configuration was read with this registry's schema, so this is a bug.
    private static IllegalStateException unknown(String what, String type) {
        return new IllegalStateException("no " + what + " kind for type " + type);
    }
}
