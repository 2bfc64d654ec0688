package dev.backstop.source;

import dev.backstop.core.PreflightException;
import dev.backstop.exec.ProcessResult;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.RunningProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs SQL through the SQL program of a {@link DatabaseClient} (mariadb, psql) and reads what it
 * prints. The SQL goes to the program in a file of the scratch directory, never in an argument;
 * the program's output is read whole; a failure names the source, the database, the command and
 * the tail of its stderr, secrets masked. Used by the restore side ({@link ClientDatabaseServer})
 * and by the checks a source makes before it dumps. Thread-safe.
 */
public final class SqlRunner {

    /** How long one query may take; loading a dump has no limit. */
    static final Duration QUERY_TIMEOUT = Duration.ofMinutes(5);

    private final DatabaseClient client;
    private final ProcessRunner runner;
    private final Path scratchDir;

    /** @param scratchDir a private directory for the SQL files and the client's credentials file */
    public SqlRunner(DatabaseClient client, ProcessRunner runner, Path scratchDir) {
        this.client = client;
        this.runner = runner;
        this.scratchDir = scratchDir;
    }

    /** The SQL program, found now. @throws IOException naming the source, when there is none */
    public Path program() throws IOException {
        return client.sqlProgram();
    }

    /**
     * The values of a statement's one-column result, in order (none for a statement without a
     * result).
     *
     * @param database null: see {@link DatabaseClient#sqlCommand}
     * @throws IOException the client failed; the message holds its stderr
     */
    public List<String> values(String database, String statement) throws IOException, InterruptedException {
        return lines(database, statement + ";\n", "query").stream().map(client::value).toList();
    }

    /**
     * The rows of the result sets of {@code script} (statements each ended by {@code ;}), split
     * into fields by the family's rules.
     *
     * @param what what the script does, for the message: {@code "read the grants from"}
     * @throws IOException the client failed; the message holds its stderr
     */
    public List<List<String>> rows(String database, String script, String what)
            throws IOException, InterruptedException {
        return lines(database, script, what).stream().map(client::fields).toList();
    }

    /**
     * Runs the SQL of {@code sqlFile} in {@code database} to its end, stopping at the first
     * error, and returns what the program printed.
     *
     * @param what    what the file does, for the message: {@code "query"}, {@code "load x.sql into"}
     * @param timeout how long it may take; null: no limit
     * @throws IOException the program could not run or failed: the message names the source, the
     *                     program, the database (or the server), the command and the stderr tail
     */
    public String run(String database, Path sqlFile, String what, Duration timeout)
            throws IOException, InterruptedException {
        try (ClientCommand command = command(database, sqlFile);
             RunningProcess p = runner.start(command.spec().withTimeout(timeout))) {
            String out = new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8);
            ProcessResult result = p.waitFor();
            if (!result.succeeded()) {
                throw new IOException(client.what("") + command.spec().programName() + " could not " + what
                        + (database == null ? " the server" : " database '" + database + "'") + ": it "
                        + result.describeExit() + "; command: " + result.command() + "\n" + result.stderrBlock());
            }
            return out;
        }
    }

    private ClientCommand command(String database, Path sqlFile) throws IOException {
        try {
            return client.sqlCommand(database, sqlFile, scratchDir);
        } catch (PreflightException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The non-empty lines that {@code script} prints. */
    private List<String> lines(String database, String script, String what) throws IOException, InterruptedException {
        Path file = Files.createTempFile(scratchDir, "query-", ".sql");
        try {
            Files.writeString(file, script, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            for (String line : run(database, file, what, QUERY_TIMEOUT).split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
            return lines;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
