package dev.backstop.source.postgres;

import dev.backstop.config.ConfigOutput;
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
import dev.backstop.source.Source;
import dev.backstop.source.SourceKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The {@code postgres} source kind: PostgreSQL, dumped as plain SQL and restored with psql. */
public final class PostgresKind implements SourceKind {

    private static final Duration TIMEOUT = Duration.ofHours(6);

    @Override
    public String type() {
        return PostgresConfig.TYPE;
    }

    @Override
    public List<String> keys() {
        return List.of("database", "host", "port", "user", "passfile", "password_env", "dump_command", "timeout",
                RestoreTestConfig.KEY);
    }

    @Override
    public SourceConfig read(Section s, String name, ByteSize minSize) {
        return new PostgresConfig(name, minSize, s.requiredString("database"), s.string("host"),
                s.has("port") ? s.integer("port", 1, 65535) : null, s.string("user"), s.path("passfile"),
                s.envName("password_env", "DB_PASSWORD", "password"), s.string("dump_command"),
                s.positiveDuration("timeout", TIMEOUT), RestoreTestConfig.read(s, "passfile"));
    }

    @Override
    public void print(SourceConfig config, ConfigOutput out) {
        PostgresConfig p = (PostgresConfig) config;
        out.text("database", p.database());
        out.text("host", p.host());
        out.number("port", p.port());
        out.text("user", p.user());
        out.path("passfile", p.passfile());
        out.secretEnv("password_env", p.passwordEnv());
        out.text("dump_command", p.dumpCommand(), "(not set: pg_dump)");
        out.duration("timeout", p.timeout());
        p.restoreTest().print(out, "passfile");
    }

    @Override
    public Source create(SourceConfig config, ProcessRunner runner) {
        return new PostgresSource((PostgresConfig) config, runner);
    }

    @Override
    public void check(SourceConfig config, Findings findings) {
        PostgresConfig p = (PostgresConfig) config;
        new PostgresSource(p, new ProcessRunner()).check(findings);
        List<Path> dirs = p.restoreTest().binaryDirs(DisposablePostgres::binaryDirs);
        if (p.restoreTest().disposable() && DisposablePostgres.binDir(dirs).isEmpty()) {
            findings.warning(DisposablePostgres.missingBinaries("source " + p.name() + ": ", p.restoreTest().binaries()));
        }
    }

    @Override
    public void checkConnection(SourceConfig config, ProcessRunner runner, Path scratchDir, Findings findings) {
        findings.error(() -> new PostgresSource((PostgresConfig) config, runner).checkLogin(scratchDir));
    }

    @Override
    public ComponentRestorer restorer() {
        return new DumpRestorer();
    }

    @Override
    public Optional<DatabaseServer> server(SourceConfig config, ProcessRunner runner, Path scratchDir) {
        return Optional.of(new PostgresServer(((PostgresConfig) config).restoreAccount(), runner, scratchDir,
                System::getenv));
    }

    @Override
    public Optional<DisposableServer> disposableServer(SourceConfig config, Path dir, ProcessRunner runner) {
        return ((PostgresConfig) config).restoreTest().disposable() ? inspectionServer(config, dir, runner)
                : Optional.empty();
    }

    @Override
    public Optional<DisposableServer> inspectionServer(SourceConfig config, Path dir, ProcessRunner runner) {
        RestoreTestConfig rt = ((PostgresConfig) config).restoreTest();
        return Optional.of(new DisposablePostgres(dir, rt.memory(), runner, rt.binaryDirs(DisposablePostgres::binaryDirs),
                rt.binaries()));
    }
}
