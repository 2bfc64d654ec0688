package dev.backstop.source.mysql;

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
 * {@code type: mysql}: one database of a MySQL or MariaDB server through mariadb-dump or
 * mysqldump, as plain SQL without {@code CREATE DATABASE}, so that
 * {@code zcat appdb.sql.gz | mariadb anyname} restores it under any name. Credentials reach the
 * tool only through {@code --defaults-extra-file}: the configured {@code defaults_file} (which
 * must be 0600), or a generated 0600 file holding the password from {@code password_env}.
 */
public final class MysqlSource implements Source {

    /** Looked for on PATH, in this order, when {@code dump_command} is not set. */
    static final List<String> TOOLS = List.of("mariadb-dump", "mysqldump");

    private final SourceConfig.Mysql config;
    private final ProcessRunner runner;
    private final UnaryOperator<String> environment;

    /** A source reading {@code password_env} from backstop's own environment. */
    public MysqlSource(SourceConfig.Mysql config, ProcessRunner runner) {
        this(config, runner, System::getenv);
    }

    /**
     * @param environment looks up environment variables by name (null when unset); tests pass
     *                    their own since a JVM cannot change its environment
     */
    public MysqlSource(SourceConfig.Mysql config, ProcessRunner runner, UnaryOperator<String> environment) {
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

    /** Checks the dump tool, the option file's mode and the password variable. Idempotent. */
    @Override
    public void preflight() throws PreflightException {
        tool();
        if (config.defaultsFile() != null) {
            if (config.defaultsFile().toString().contains("\n")) {
                throw new PreflightException(what("defaults_file") + " must not contain a line break in its path");
            }
            SecretFiles.requirePrivate(config.defaultsFile(), what("defaults_file"));
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
        SecretFile optionFile = password == null ? null : SecretFile.create(context.scratchDir(),
                "mysql-" + config.name() + "-", ".cnf", MysqlOptionFile.content(password, config.defaultsFile()));
        StderrVerdict verdict = new StderrVerdict();
        ProcessSpec spec = ProcessSpec.of(arguments(tool, optionFile == null ? config.defaultsFile() : optionFile.path()))
                .withTimeout(config.timeout())
                .withSecret(password)
                .withStderrLines(verdict::accept);
        MysqlDumpScanner scanner = new MysqlDumpScanner();
        try (optionFile; RunningProcess process = start(spec)) {
            IOException readError = copy(process.stdout(), out, scanner);
            ProcessResult result = process.waitFor();
            scanner.finish();
            verdict.warnings().forEach(w -> context.warn().accept(what("") + spec.programName() + ": " + w));
            String problem = problem(result, verdict, scanner, readError);
            if (problem != null) {
                throw new SourceException(what("") + spec.programName() + " " + problem + " while dumping database '"
                        + config.database() + "'; command: " + result.command() + "\n" + result.stderrBlock());
            }
            return SourceFacts.database(scanner.serverVersion(), true, scanner.tableRows());
        }
    }

    /** The tool's argument list; the option file, if any, comes first as the tool requires. */
    List<String> arguments(Path tool, Path defaultsExtraFile) {
        List<String> argv = new ArrayList<>();
        argv.add(tool.toString());
        if (defaultsExtraFile != null) {
            argv.add("--defaults-extra-file=" + defaultsExtraFile.toAbsolutePath()); // must come first
        }
        argv.addAll(List.of("--single-transaction", "--quick", "--routines", "--triggers", "--events",
                "--hex-blob", "--default-character-set=utf8mb4"));
        if (config.host() != null) {
            argv.add("--host=" + config.host());
        }
        if (config.port() != null) {
            argv.add("--port=" + config.port());
        }
        if (config.socket() != null) {
            argv.add("--socket=" + config.socket());
        }
        if (config.user() != null) {
            argv.add("--user=" + config.user());
        }
        argv.add("--"); // a database name starting with a dash stays a name
        argv.add(config.database());
        return argv;
    }

    private Path tool() throws PreflightException {
        List<String> candidates = config.dumpCommand() != null ? List.of(config.dumpCommand()) : TOOLS;
        for (String candidate : candidates) {
            var found = ProcessRunner.findOnPath(candidate);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new PreflightException(what(config.dumpCommand() != null ? "dump_command" : "")
                + "no executable " + String.join(" or ", candidates) + " found"
                + (config.dumpCommand() != null && config.dumpCommand().contains("/") ? "" : " on PATH ("
                + System.getenv("PATH") + ")") + "; install the MariaDB or MySQL client, or set dump_command");
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
    private static IOException copy(InputStream in, OutputStream out, MysqlDumpScanner scanner) throws IOException {
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

    private static String problem(ProcessResult result, StderrVerdict verdict, MysqlDumpScanner scanner,
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
            return "exited 0 but its output ends without the '-- Dump completed' trailer (truncated)";
        }
        return null;
    }

    private String what(String key) {
        return "source " + config.name() + ": " + (key.isEmpty() ? "" : key + ": ");
    }

    /** Sorts the lines of the tool's stderr into errors and warnings; fed on the stderr thread. */
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
