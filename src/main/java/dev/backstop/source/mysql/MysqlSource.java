package dev.backstop.source.mysql;

import dev.backstop.core.Findings;
import dev.backstop.core.PreflightException;
import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.SecretFiles;
import dev.backstop.source.ClientCommand;
import dev.backstop.source.DumpProcess;
import dev.backstop.source.LogPositionSource;
import dev.backstop.source.Source;
import dev.backstop.source.SourceContext;
import dev.backstop.source.SqlRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code type: mysql}: one database of a MySQL or MariaDB server through mariadb-dump or
 * mysqldump, as plain SQL without {@code CREATE DATABASE}, so that
 * {@code zcat appdb.sql.gz | mariadb anyname} restores it under any name. The tool and its
 * credentials come from the {@link MysqlClient}. Before the dump the account's grants are checked
 * through the client (see {@link MysqlAccessCheck}), since the dump tool leaves out silently what
 * the account may not read. When the server writes binary logs, the dump records the position of
 * its snapshot (see {@link BinlogAnchor}).
 */
public final class MysqlSource implements Source, LogPositionSource {

    /** One consistent snapshot, streamed, with everything that belongs to the database, text-safe. */
    static final List<String> DUMP_OPTIONS = List.of("--single-transaction", "--quick", "--routines", "--triggers",
            "--events", "--hex-blob", "--default-character-set=utf8mb4");

    private final MysqlConfig config;
    private final ProcessRunner runner;
    private final MysqlClient client;
    private final DumpProcess process;
    private final UnaryOperator<String> environment;

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
        this.client = new MysqlClient(config, environment);
        this.process = new DumpProcess(runner, config.name());
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

    /** Checks the dump tool, the client, the option file's mode and the password variable; names every problem. Idempotent. */
    @Override
    public void preflight() throws PreflightException {
        Findings findings = new Findings();
        check(findings);
        findings.throwErrors(PreflightException::new);
    }

    /** The checks of {@link #preflight}, each problem added to {@code findings}; none needs the server. */
    void check(Findings findings) {
        findings.error(client::dumpTool);
        findings.error(() -> {
            try {
                client.sqlProgram();
            } catch (IOException e) {
                throw new PreflightException(e.getMessage() + " (it checks the account's privileges before each dump)",
                        e);
            }
        });
        findings.error(client::checkCredentials);
        if (config.logArchive() != null) {
            findings.error(() -> SecretFiles.requirePrivate(config.logArchive().defaultsFile(),
                    "source " + config.name() + ": log_archive: defaults_file"));
            findings.error(() -> ProcessRunner.requireOnPath(BinlogStreamer.BINLOG_TOOLS, "source " + config.name()
                    + ": log_archive: ", "; install the MariaDB or MySQL client"));
        }
    }

    @Override
    public SourceFacts dump(OutputStream out, SourceContext context)
            throws SourceException, IOException, InterruptedException {
        Path tool = process.recheck(() -> {
            preflight();
            return client.dumpTool();
        });
        MysqlAccessCheck access = checkAccess(context.scratchDir());
        List<String> options = new ArrayList<>(DUMP_OPTIONS);
        options.addAll(BinlogAnchor.options(access.account(), context.warn()));
        MysqlDumpScanner scanner = new MysqlDumpScanner();
        try (ClientCommand dump = process.recheck(() -> client.command(tool, options, config.database(),
                context.scratchDir()))) {
            SourceFacts facts = process.dump(dump.spec().withTimeout(config.timeout()), scanner,
                    "-- Dump completed", config.database(), out, context);
            access.requireListedTables(facts.tableRows().keySet());
            return facts.withBinlog(scanner.binlogPosition());
        }
    }

    /**
     * Logs in with the client and checks that the account may read the whole database, as each
     * dump does first; {@code config check --connect} runs it alone.
     *
     * @return the check, for the tables the dump lists afterwards
     * @throws SourceException the login failed, or a grant is missing; the message says which
     */
    MysqlAccessCheck checkAccess(Path scratchDir) throws SourceException, InterruptedException {
        MysqlAccount account;
        try {
            account = MysqlAccount.read(new SqlRunner(client, runner, scratchDir), config.name(), config.database());
        } catch (IOException e) {
            throw new SourceException(e.getMessage(), e);
        }
        MysqlAccessCheck access = new MysqlAccessCheck(config.name(), config.database(), account);
        access.requireWholeDatabase();
        return access;
    }

    /**
     * Asks the server through the account of {@code log_archive.defaults_file}, which holds the
     * privilege ({@code BINLOG MONITOR}, {@code REPLICATION CLIENT}) that the dump's account may lack.
     */
    @Override
    public SourceFacts.BinlogPosition currentLogPosition(Path scratchDir) throws SourceException, InterruptedException {
        if (config.logArchive() == null) {
            throw new SourceException("source " + config.name() + ": its binary logs are not archived");
        }
        MysqlConfig replication = new MysqlConfig(config.name(), config.minSize(), config.database(),
                config.logArchive().defaultsFile(), null, null, null, null, null, config.dumpCommand(), config.timeout(),
                config.restoreTest(), config.logArchive());
        SqlRunner sql = new SqlRunner(new MysqlClient(replication, environment), runner, scratchDir);
        List<List<String>> status;
        try {
            status = sql.rows(null, "SHOW MASTER STATUS;\n", "read the binary-log position of");
        } catch (IOException e) {
            throw new SourceException("source " + config.name() + ": cannot read the binary-log position: "
                    + e.getMessage(), e);
        }
        if (status.isEmpty() || status.get(0).size() < 2) {
            throw new SourceException("source " + config.name() + ": the server writes no binary log (SHOW MASTER"
                    + " STATUS is empty)");
        }
        List<String> row = status.get(0);
        // MySQL lists its GTID set in the status; MariaDB keeps its position in a variable
        String gtid = row.size() > 4 && !row.get(4).isBlank() ? row.get(4) : null;
        if (gtid == null) {
            try {
                List<String> v = sql.values(null, "SELECT @@global.gtid_binlog_pos");
                gtid = v.isEmpty() || v.get(0).isBlank() || v.get(0).equals("NULL") ? null : v.get(0);
            } catch (IOException e) {
                gtid = null; // MySQL without the MariaDB variable: the file and position are what a replay needs
            }
        }
        try {
            return new SourceFacts.BinlogPosition(row.get(0), Long.parseLong(row.get(1).trim()), gtid);
        } catch (NumberFormatException e) {
            throw new SourceException("source " + config.name() + ": SHOW MASTER STATUS gave the position '"
                    + row.get(1) + "'", e);
        }
    }
}
