package dev.backstop.source.postgres;

import dev.backstop.core.PreflightException;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.ProcessSpec;
import dev.backstop.exec.SecretFiles;
import dev.backstop.source.ClientCommand;
import dev.backstop.source.DatabaseClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Reaching the PostgreSQL server of a postgres source as a client, for the dump, restore and
 * restore-test: the programs (pg_dump, psql), the connection arguments (host, port, user), and
 * the password, which reaches them only through a PGPASSFILE named in their environment: a
 * generated 0600 file holding the value of {@code password_env} (which wins when both are set),
 * or the configured {@code passfile}, which must be 0600. {@code --no-password} makes a missing
 * password an error instead of a prompt. Also the quoting of the server's SQL. Immutable.
 */
final class PostgresClient extends DatabaseClient {

    /** Run the file without ~/.psqlrc, stop at its first error, print rows as bare lines of |-separated fields. */
    private static final List<String> SCRIPT = List.of("-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1");
    private static final String HINT = "; install the PostgreSQL client, or set dump_command";

    private final PostgresConfig config;

    /** @param environment looks up environment variables by name (null when unset) */
    PostgresClient(PostgresConfig config, UnaryOperator<String> environment) {
        super(config.name(), config.passwordEnv(), environment);
        this.config = config;
    }

    @Override
    public Path dumpTool() throws PreflightException {
        return findDumpTool(config.dumpCommand(), List.of("pg_dump"), HINT);
    }

    /** The passfile, when it is the one used, is private; the password variable is set and fits a PGPASSFILE. */
    @Override
    public void checkCredentials() throws PreflightException {
        if (config.passfile() != null && config.passwordEnv() == null) {
            SecretFiles.requirePrivate(config.passfile(), what("passfile").stripTrailing());
        }
        password();
    }

    /** @throws PreflightException also when the password holds a line break, which a PGPASSFILE cannot */
    @Override
    public String password() throws PreflightException {
        String value = super.password();
        if (value != null && value.contains("\n")) {
            throw new PreflightException(what("password_env") + "the password in " + config.passwordEnv()
                    + " contains a line break, which a PGPASSFILE cannot hold");
        }
        return value;
    }

    @Override
    public Path sqlProgram() throws IOException {
        return ProcessRunner.findOnPath("psql").orElseThrow(() -> new IOException(what("")
                + "no psql found on PATH; install the PostgreSQL client"));
    }

    /** psql reads the SQL with {@code --file}, so its messages name the file's lines. */
    @Override
    public ClientCommand sqlCommand(String database, Path sqlFile, Path scratchDir)
            throws PreflightException, IOException {
        return command(sqlProgram(), SCRIPT, database, List.of("--file=" + sqlFile.toAbsolutePath()), scratchDir);
    }

    /**
     * A command of {@code program} with its credentials; the caller closes it.
     *
     * @param options  the program's own options, before the connection's
     * @param trailing arguments after the connection's
     */
    ClientCommand command(Path program, List<String> options, String database, List<String> trailing, Path scratchDir)
            throws PreflightException, IOException {
        return withCredentials(scratchDir, "pgpass", ".conf", password -> "*:*:*:*:" + passfileEscape(password) + "\n",
                config.passfile(), passfile -> {
                    ProcessSpec spec = ProcessSpec.of(argv(program, options, database, trailing));
                    return passfile == null ? spec : spec.withEnv("PGPASSFILE", passfile.toAbsolutePath().toString());
                });
    }

    List<String> argv(Path program, List<String> options, String database, List<String> trailing) {
        List<String> argv = new ArrayList<>();
        argv.add(program.toString());
        argv.addAll(options);
        argv.add("--no-password");
        addOption(argv, "--host=", config.host());
        addOption(argv, "--port=", config.port());
        addOption(argv, "--username=", config.user());
        argv.add("--dbname=" + database);
        argv.addAll(trailing);
        return argv;
    }

    /** Unaligned output has no escapes. */
    @Override
    public String value(String line) {
        return line;
    }

    @Override
    public List<String> fields(String line) {
        return List.of(line.split("\\|", -1));
    }

    /** A .pgpass field: backslash and colon are escaped with a backslash. */
    static String passfileEscape(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:");
    }

    /** A double-quoted identifier; a double quote inside is doubled. */
    static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A string literal (standard_conforming_strings: only the quote is doubled). */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
