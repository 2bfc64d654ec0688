package dev.backstop.source.mysql;

import dev.backstop.core.PreflightException;
import dev.backstop.exec.ProcessResult;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.RunningProcess;
import dev.backstop.source.ClientCommand;
import dev.backstop.source.ClientDatabaseServer;
import dev.backstop.source.SqlRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The MySQL/MariaDB server of a mysql source, for restore and restore-test: the SQL of each
 * operation. The {@link MysqlClient} runs it with the source's connection settings and
 * credentials, the SQL on standard input; nothing secret is in argv.
 */
public final class MysqlServer extends ClientDatabaseServer {

    private final MysqlClient client;
    private final ProcessRunner runner;
    private final Path scratchDir;

    /** @param scratchDir a private directory for the client's option and SQL files */
    public MysqlServer(MysqlConfig config, ProcessRunner runner, Path scratchDir,
                       UnaryOperator<String> environment) {
        this(new MysqlClient(config, environment), runner, scratchDir);
    }

    private MysqlServer(MysqlClient client, ProcessRunner runner, Path scratchDir) {
        super(new SqlRunner(client, runner, scratchDir), null);
        this.client = client;
        this.runner = runner;
        this.scratchDir = scratchDir;
    }

    /** With the options of a backup's dump, so that the copy holds what a dump holds. */
    @Override
    public void dump(String database, Path sqlFile) throws IOException, InterruptedException {
        ProcessResult result;
        try (ClientCommand command = client.command(client.dumpTool(), MysqlSource.DUMP_OPTIONS, database, scratchDir);
             RunningProcess p = runner.start(command.spec());
             OutputStream out = Files.newOutputStream(sqlFile)) {
            p.stdout().transferTo(out);
            result = p.waitFor();
        } catch (PreflightException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (!result.succeeded()) {
            throw new IOException(client.what("") + "could not dump database '" + database + "': it "
                    + result.describeExit() + "; command: " + result.command() + "\n" + result.stderrBlock());
        }
    }

    @Override
    protected String listDatabases(String likeLiteral) {
        return "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE " + likeLiteral
                + " ORDER BY 1";
    }

    @Override
    protected String findDatabase(String database) {
        return "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = "
                + MysqlClient.literal(database);
    }

    @Override
    protected String createDatabase(String database) {
        return "CREATE DATABASE " + MysqlClient.quote(database) + " CHARACTER SET utf8mb4";
    }

    @Override
    protected String dropDatabase(String database) {
        return "DROP DATABASE IF EXISTS " + MysqlClient.quote(database);
    }

    /** MariaDB lists a table WITH SYSTEM VERSIONING as {@code SYSTEM VERSIONED}; its rows are dumped too. */
    @Override
    protected List<String> tables(String database) throws IOException, InterruptedException {
        return values(null, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                + MysqlClient.literal(database) + " AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') ORDER BY 1");
    }

    @Override
    protected String countFrom(String table) {
        return "COUNT(*) FROM " + MysqlClient.quote(table);
    }

    @Override
    public String createPrivilegeHint(String database) {
        return "GRANT ALL ON " + MysqlClient.quote(database) + ".* TO the account of this source's defaults_file or"
                + " user (an account allowed to create and drop it)";
    }
}
