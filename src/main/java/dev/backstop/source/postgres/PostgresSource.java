package dev.backstop.source.postgres;

import dev.backstop.core.PreflightException;
import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.ProcessSpec;
import dev.backstop.exec.SecretFile;
import dev.backstop.exec.SecretFiles;
import dev.backstop.source.DumpProcess;
import dev.backstop.source.Source;
import dev.backstop.source.SourceContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code type: postgres}: one database through {@code pg_dump --format=plain}, restorable with
 * {@code zcat x.sql.gz | psql otherdb}. The password reaches pg_dump only through a PGPASSFILE
 * named in its environment: a generated 0600 file holding the value of {@code password_env}
 * (which wins when both are set), or the configured {@code passfile}, which must be 0600.
 * {@code --no-password} makes a missing password an error instead of a prompt.
 */
public final class PostgresSource implements Source {

    private static final String HINT = "; install the PostgreSQL client, or set dump_command";

    private final PostgresConfig config;
    private final DumpProcess process;

    /** A source reading {@code password_env} from backstop's own environment. */
    public PostgresSource(PostgresConfig config, ProcessRunner runner) {
        this(config, runner, System::getenv);
    }

    /** @param environment looks up environment variables by name (null when unset) */
    public PostgresSource(PostgresConfig config, ProcessRunner runner, UnaryOperator<String> environment) {
        this.config = config;
        this.process = new DumpProcess(runner, config.name(), environment);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String type() {
        return config.type();
    }

    @Override
    public String extension() {
        return "sql";
    }

    /** Checks the dump tool, the passfile's mode and the password variable. Idempotent. */
    @Override
    public void preflight() throws PreflightException {
        tool();
        if (config.passfile() != null && config.passwordEnv() == null) {
            SecretFiles.requirePrivate(config.passfile(), process.what("passfile"));
        }
        password();
    }

    @Override
    public SourceFacts dump(OutputStream out, SourceContext context)
            throws SourceException, IOException, InterruptedException {
        Path tool = process.recheck(() -> {
            preflight();
            return tool();
        });
        String password = process.recheck(this::password);
        SecretFile passfile = password == null ? null : SecretFile.create(context.scratchDir(),
                "pgpass-" + config.name() + "-", ".conf", "*:*:*:*:" + passfileEscape(password) + "\n");
        Path passfilePath = passfile != null ? passfile.path() : config.passfile();
        ProcessSpec spec = ProcessSpec.of(arguments(tool))
                .withTimeout(config.timeout())
                .withSecret(password);
        if (passfilePath != null) {
            spec = spec.withEnv("PGPASSFILE", passfilePath.toAbsolutePath().toString());
        }
        try (passfile) {
            return process.dump(spec, new PgDumpScanner(), "-- PostgreSQL database dump complete", config.database(),
                    out, context);
        }
    }

    List<String> arguments(Path tool) {
        List<String> argv = new ArrayList<>();
        argv.add(tool.toString());
        argv.add("--format=plain");
        argv.add("--no-password");
        if (config.host() != null) {
            argv.add("--host=" + config.host());
        }
        if (config.port() != null) {
            argv.add("--port=" + config.port());
        }
        if (config.user() != null) {
            argv.add("--username=" + config.user());
        }
        argv.add("--dbname=" + config.database());
        return argv;
    }

    /** A .pgpass field: backslash and colon are escaped with a backslash. */
    static String passfileEscape(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:");
    }

    private Path tool() throws PreflightException {
        return config.dumpCommand() != null
                ? process.tool(List.of(config.dumpCommand()), "dump_command", HINT)
                : process.tool(List.of("pg_dump"), "", HINT);
    }

    private String password() throws PreflightException {
        String value = process.password(config.passwordEnv());
        if (value != null && value.contains("\n")) {
            throw new PreflightException(process.what("password_env") + "the password in " + config.passwordEnv()
                    + " contains a line break, which a PGPASSFILE cannot hold");
        }
        return value;
    }
}
