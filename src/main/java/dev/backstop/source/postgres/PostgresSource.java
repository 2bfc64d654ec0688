package dev.backstop.source.postgres;

import dev.backstop.config.SourceConfig;
import dev.backstop.core.PreflightException;
import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import dev.backstop.exec.ProcessResult;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.ProcessSpec;
import dev.backstop.exec.RunningProcess;
import dev.backstop.exec.SecretFile;
import dev.backstop.exec.SecretFiles;
import dev.backstop.source.Source;
import dev.backstop.source.SourceContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * {@code type: postgres}: one database through {@code pg_dump --format=plain}, restorable with
 * {@code zcat x.sql.gz | psql otherdb}. The password reaches pg_dump only through a PGPASSFILE
 * named in its environment: a generated 0600 file holding the value of {@code password_env}
 * (which wins when both are set), or the configured {@code passfile}, which must be 0600.
 * {@code --no-password} makes a missing password an error instead of a prompt.
 */
public final class PostgresSource implements Source {

    private final SourceConfig.Postgres config;
    private final ProcessRunner runner;
    private final UnaryOperator<String> environment;

    /** A source reading {@code password_env} from backstop's own environment. */
    public PostgresSource(SourceConfig.Postgres config, ProcessRunner runner) {
        this(config, runner, System::getenv);
    }

    /** @param environment looks up environment variables by name (null when unset) */
    public PostgresSource(SourceConfig.Postgres config, ProcessRunner runner, UnaryOperator<String> environment) {
        this.config = config;
        this.runner = runner;
        this.environment = environment;
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
            SecretFiles.requirePrivate(config.passfile(), what("passfile"));
        }
        password();
    }

    @Override
    public SourceFacts dump(OutputStream out, SourceContext context)
            throws SourceException, IOException, InterruptedException {
        Path tool;
        String password;
        try {
            preflight(); // the files may have changed since the run's preflight
            tool = tool();
            password = password();
        } catch (PreflightException e) {
            throw new SourceException(e.getMessage(), e);
        }
        SecretFile passfile = password == null ? null : SecretFile.create(context.scratchDir(),
                "pgpass-" + config.name() + "-", ".conf", "*:*:*:*:" + passfileEscape(password) + "\n");
        Path passfilePath = passfile != null ? passfile.path() : config.passfile();
        StderrVerdict verdict = new StderrVerdict();
        ProcessSpec spec = ProcessSpec.of(arguments(tool))
                .withTimeout(config.timeout())
                .withSecret(password)
                .withStderrLines(verdict::accept);
        if (passfilePath != null) {
            spec = spec.withEnv("PGPASSFILE", passfilePath.toAbsolutePath().toString());
        }
        PgDumpScanner scanner = new PgDumpScanner();
        try (passfile; RunningProcess process = start(spec)) {
            IOException readError = copy(process.stdout(), out, scanner);
            ProcessResult result = process.waitFor();
            scanner.finish();
            String program = spec.programName();
            verdict.warnings().forEach(w -> context.warn().accept(what("") + program + ": " + w));
            String problem = problem(result, verdict, scanner, readError);
            if (problem != null) {
                throw new SourceException(what("") + program + " " + problem + " while dumping database '"
                        + config.database() + "'; command: " + result.command() + "\n" + result.stderrBlock());
            }
            return SourceFacts.database(scanner.serverVersion(), true, scanner.tableRows());
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
        String program = config.dumpCommand() != null ? config.dumpCommand() : "pg_dump";
        return ProcessRunner.findOnPath(program).orElseThrow(() -> new PreflightException(
                what(config.dumpCommand() != null ? "dump_command" : "") + "no executable " + program + " found"
                        + (program.contains("/") ? "" : " on PATH (" + System.getenv("PATH") + ")")
                        + "; install the PostgreSQL client, or set dump_command"));
    }

    private String password() throws PreflightException {
        if (config.passwordEnv() == null) {
            return null;
        }
        String value = environment.apply(config.passwordEnv());
        if (value == null) {
            throw new PreflightException(what("password_env") + "environment variable " + config.passwordEnv()
                    + " is not set");
        }
        if (value.contains("\n")) {
            throw new PreflightException(what("password_env") + "the password in " + config.passwordEnv()
                    + " contains a line break, which a PGPASSFILE cannot hold");
        }
        return value;
    }

    private RunningProcess start(ProcessSpec spec) throws SourceException {
        try {
            return runner.start(spec);
        } catch (IOException e) {
            throw new SourceException(what("") + e.getMessage(), e);
        }
    }

    /** Streams stdout to out and the scanner in one pass; returns a read error, throws write errors. */
    private static IOException copy(InputStream in, OutputStream out, PgDumpScanner scanner) throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (IOException e) {
                return e;
            }
            if (n < 0) {
                return null;
            }
            out.write(buf, 0, n);
            scanner.feed(buf, 0, n);
        }
    }

    private static String problem(ProcessResult result, StderrVerdict verdict, PgDumpScanner scanner,
                                  IOException readError) {
        if (!result.succeeded()) {
            return result.describeExit();
        }
        if (readError != null) {
            return "output could not be read (" + readError.getMessage() + ")";
        }
        if (verdict.firstError() != null) {
            return "reported an error (" + verdict.firstError() + ")";
        }
        if (!scanner.trailerSeen()) {
            return "exited 0 but its output ends without the '-- PostgreSQL database dump complete' trailer (truncated)";
        }
        return null;
    }

    private String what(String key) {
        return "source " + config.name() + ": " + (key.isEmpty() ? "" : key + ": ");
    }

    /** Sorts the lines of pg_dump's stderr into errors and warnings; fed on the stderr thread. */
    static final class StderrVerdict {
        private final List<String> warnings = new ArrayList<>();
        private String firstError;

        synchronized void accept(String line) {
            if (line.isBlank()) {
                return;
            }
            if (line.toLowerCase(Locale.ROOT).contains("error")) {
                if (firstError == null) {
                    firstError = line.strip();
                }
            } else if (warnings.size() < 100) {
                warnings.add(line.strip());
            }
        }

        synchronized String firstError() {
            return firstError;
        }

        synchronized List<String> warnings() {
            return List.copyOf(warnings);
        }
    }
}
