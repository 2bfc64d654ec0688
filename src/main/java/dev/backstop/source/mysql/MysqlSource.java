package dev.backstop.source.mysql;

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
 * {@code type: mysql}: one database of a MySQL or MariaDB server through mariadb-dump or
 * mysqldump, as plain SQL without {@code CREATE DATABASE}, so that
 * {@code zcat appdb.sql.gz | mariadb anyname} restores it under any name. Credentials reach the
 * tool only through {@code --defaults-extra-file}: the configured {@code defaults_file} (which
 * must be 0600), or a generated 0600 file holding the password from {@code password_env}.
 * Before the dump the account's grants are checked through the client (see
 * {@link MysqlAccessCheck}), since the dump tool leaves out silently what the account may not read.
 */
public final class MysqlSource implements Source {

    /** Looked for on PATH, in this order, when {@code dump_command} is not set. */
    static final List<String> TOOLS = List.of("mariadb-dump", "mysqldump");

    private static final String HINT = "; install the MariaDB or MySQL client, or set dump_command";

    private final MysqlConfig config;
    private final ProcessRunner runner;
    private final UnaryOperator<String> environment;
    private final DumpProcess process;

    /** A source reading {@code password_env} from backstop's own environment. */
    public MysqlSource(MysqlConfig config, ProcessRunner runner) {
        this(config, runner, System::getenv);
    }

    /**
     * @param environment looks up environment variables by name (null when unset); tests pass
     *                    their own since a JVM cannot change its environment
     */
    public MysqlSource(MysqlConfig config, ProcessRunner runner, UnaryOperator<String> environment) {
        this.config = config;
        this.runner = runner;
        this.environment = environment;
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

    /** Checks the dump tool, the client, the option file's mode and the password variable. Idempotent. */
    @Override
    public void preflight() throws PreflightException {
        tool();
        try {
            MysqlServer.findClient(config);
        } catch (IOException e) {
            throw new PreflightException(e.getMessage() + " (it checks the account's privileges before each dump)", e);
        }
        if (config.defaultsFile() != null) {
            if (config.defaultsFile().toString().contains("\n")) {
                throw new PreflightException(process.what("defaults_file") + " must not contain a line break in its path");
            }
            SecretFiles.requirePrivate(config.defaultsFile(), process.what("defaults_file"));
        }
        process.password(config.passwordEnv());
    }

    @Override
    public SourceFacts dump(OutputStream out, SourceContext context)
            throws SourceException, IOException, InterruptedException {
        Path tool = process.recheck(() -> {
            preflight();
            return tool();
        });
        String password = process.recheck(() -> process.password(config.passwordEnv()));
        MysqlAccessCheck access = new MysqlAccessCheck(config.name(), config.database(), account(context));
        access.requireWholeDatabase();
        SecretFile optionFile = password == null ? null : SecretFile.create(context.scratchDir(),
                "mysql-" + config.name() + "-", ".cnf", MysqlOptionFile.content(password, config.defaultsFile()));
        ProcessSpec spec = ProcessSpec.of(arguments(tool, optionFile == null ? config.defaultsFile() : optionFile.path()))
                .withTimeout(config.timeout())
                .withSecret(password);
        try (optionFile) {
            SourceFacts facts = process.dump(spec, new MysqlDumpScanner(), "-- Dump completed", config.database(), out,
                    context);
            access.requireListedTables(facts.tableRows().keySet());
            return facts;
        }
    }

    /** The grants of the account and the tables it can list, through the client. */
    private MysqlAccount account(SourceContext context) throws SourceException, InterruptedException {
        try {
            return new MysqlServer(config, runner, context.scratchDir(), environment).account(config.database());
        } catch (IOException e) {
            throw new SourceException(e.getMessage(), e);
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
        return config.dumpCommand() != null
                ? process.tool(List.of(config.dumpCommand()), "dump_command", HINT)
                : process.tool(TOOLS, "", HINT);
    }
}
