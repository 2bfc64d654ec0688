package dev.backstop.source.mysql;

import dev.backstop.config.ConfigOutput;
import dev.backstop.config.LogArchiveConfig;
import dev.backstop.config.Section;
import dev.backstop.config.SourceConfig;
import dev.backstop.core.ByteSize;
import dev.backstop.core.Findings;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.source.ComponentRestorer;
import dev.backstop.source.DatabaseServer;
import dev.backstop.source.DisposableServer;
import dev.backstop.source.DumpRestorer;
import dev.backstop.source.RestoreTestConfig;
import dev.backstop.source.ServerBinaries;
import dev.backstop.source.LogReplayer;
import dev.backstop.source.LogStreamer;
import dev.backstop.source.Source;
import dev.backstop.source.SourceKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The {@code mysql} source kind: MySQL or MariaDB, dumped as plain SQL and restored with the server's client. */
public final class MysqlKind implements SourceKind {

    private static final Duration TIMEOUT = Duration.ofHours(6);

    @Override
    public String type() {
        return MysqlConfig.TYPE;
    }

    @Override
    public List<String> keys() {
        return List.of("database", "defaults_file", "host", "port", "socket", "user", "password_env", "dump_command",
                "timeout", RestoreTestConfig.KEY, "log_archive");
    }

    @Override
    public SourceConfig read(Section s, String name, ByteSize minSize) {
        return new MysqlConfig(name, minSize, s.requiredString("database"), s.path("defaults_file"), s.string("host"),
                s.has("port") ? s.integer("port", 1, 65535) : null, s.path("socket"), s.string("user"),
                s.envName("password_env", "DB_PASSWORD", "password"), s.string("dump_command"),
                s.positiveDuration("timeout", TIMEOUT), RestoreTestConfig.read(s, "defaults_file"),
                LogArchiveConfig.read(s));
    }

    @Override
    public void print(SourceConfig config, ConfigOutput out) {
        MysqlConfig m = (MysqlConfig) config;
        out.text("database", m.database());
        out.path("defaults_file", m.defaultsFile());
        out.text("host", m.host());
        out.number("port", m.port());
        out.path("socket", m.socket());
        out.text("user", m.user());
        out.secretEnv("password_env", m.passwordEnv());
        out.text("dump_command", m.dumpCommand(), "(not set: mariadb-dump, else mysqldump)");
        out.duration("timeout", m.timeout());
        m.restoreTest().print(out, "defaults_file");
        if (m.logArchive() != null) {
            out.value("log_archive", m.logArchive().render());
        }
    }

    @Override
    public Optional<LogArchiveConfig> logArchive(SourceConfig config) {
        return Optional.ofNullable(((MysqlConfig) config).logArchive());
    }

    @Override
    public Optional<LogStreamer> logStreamer(SourceConfig config, ProcessRunner runner) {
        return logArchive(config).map(l -> new BinlogStreamer(config.name(), l.defaultsFile(), runner));
    }

    @Override
    public Optional<LogReplayer> logReplayer(SourceConfig config, ProcessRunner runner) {
        return logArchive(config).map(l -> new BinlogReplayer(config.name(), ((MysqlConfig) config).database(), runner));
    }

    @Override
    public Source create(SourceConfig config, ProcessRunner runner) {
        return new MysqlSource((MysqlConfig) config, runner);
    }

    @Override
    public void check(SourceConfig config, Findings findings) {
        MysqlConfig m = (MysqlConfig) config;
        new MysqlSource(m, new ProcessRunner()).check(findings);
        if (m.restoreTest().disposable() && DisposableMariadb.binary(binaryDirs()).isEmpty()) {
            findings.warning(DisposableMariadb.missingBinaries("source " + m.name() + ": "));
        }
    }

    @Override
    public void checkConnection(SourceConfig config, ProcessRunner runner, Path scratchDir, Findings findings) {
        findings.error(() -> new MysqlSource((MysqlConfig) config, runner).checkAccess(scratchDir));
    }

    @Override
    public ComponentRestorer restorer() {
        return new DumpRestorer();
    }

    @Override
    public Optional<DatabaseServer> server(SourceConfig config, ProcessRunner runner, Path scratchDir) {
        return Optional.of(new MysqlServer(((MysqlConfig) config).restoreAccount(), runner, scratchDir, System::getenv));
    }

    @Override
    public Optional<DisposableServer> disposableServer(SourceConfig config, Path dir, ProcessRunner runner) {
        RestoreTestConfig rt = ((MysqlConfig) config).restoreTest();
        return rt.disposable() ? Optional.of(new DisposableMariadb(dir, rt.memory(), runner, binaryDirs()))
                : Optional.empty();
    }

    private static List<Path> binaryDirs() {
        return ServerBinaries.searchPath(DisposableMariadb.SERVER_DIRS);
    }
}
