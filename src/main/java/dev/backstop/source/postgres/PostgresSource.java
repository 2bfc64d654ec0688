package dev.backstop.source.postgres;

import dev.backstop.core.Findings;
import dev.backstop.core.PreflightException;
import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.source.ClientCommand;
import dev.backstop.source.DumpProcess;
import dev.backstop.source.Source;
import dev.backstop.source.SourceContext;
import dev.backstop.source.SqlRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code type: postgres}: one database through {@code pg_dump --format=plain}, restorable with
 * {@code zcat x.sql.gz | psql otherdb}. The tool and its credentials (a PGPASSFILE, never an
 * argument) come from the {@link PostgresClient}.
 */
public final class PostgresSource implements Source {

    private static final List<String> DUMP_OPTIONS = List.of("--format=plain");

    private final PostgresConfig config;
    private final ProcessRunner runner;
    private final PostgresClient client;
    private final DumpProcess process;

    /** A source reading {@code password_env} from backstop's own environment. */
    public PostgresSource(PostgresConfig config, ProcessRunner runner) {
        this(config, runner, System::getenv);
    }

    /** @param environment looks up environment variables by name (null when unset) */
    public PostgresSource(PostgresConfig config, ProcessRunner runner, UnaryOperator<String> environment) {
        this.config = config;
        this.runner = runner;
        this.client = new PostgresClient(config, environment);
        this.process = new DumpProcess(runner, config.name());
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

    /** Checks the dump tool, the passfile's mode and the password variable; names every problem. Idempotent. */
    @Override
    public void preflight() throws PreflightException {
        Findings findings = new Findings();
        check(findings);
        findings.throwErrors(PreflightException::new);
    }

    /**
     * The checks of {@link #preflight}, each problem added to {@code findings}, and a warning
     * when psql is missing: the dump does not need it, restore tests and restores do.
     */
    void check(Findings findings) {
        findings.error(client::dumpTool);
        findings.error(client::checkCredentials);
        findings.warning("", client::sqlProgram, " (restore tests and restores need it)");
    }

    /**
     * Logs in to the database with psql, with the credentials pg_dump gets, for
     * {@code config check --connect}; skipped without psql, which the check warns about already.
     *
     * @throws IOException the login failed; the message holds psql's stderr
     */
    void checkLogin(Path scratchDir) throws IOException, InterruptedException {
        try {
            client.sqlProgram();
        } catch (IOException e) {
            return;
        }
        new SqlRunner(client, runner, scratchDir).values(config.database(), "SELECT 1");
    }

    @Override
    public SourceFacts dump(OutputStream out, SourceContext context)
            throws SourceException, IOException, InterruptedException {
        Path tool = process.recheck(() -> {
            preflight();
            return client.dumpTool();
        });
        try (ClientCommand dump = process.recheck(() -> client.command(tool, DUMP_OPTIONS, config.database(), List.of(),
                context.scratchDir()))) {
            return process.dump(dump.spec().withTimeout(config.timeout()), new PgDumpScanner(),
                    "-- PostgreSQL database dump complete", config.database(), out, context);
        }
    }
}
