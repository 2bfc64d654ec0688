package dev.backstop.source.mysql;

import dev.backstop.exec.ProcessRunner;
import dev.backstop.source.ClientDatabaseServer;
import dev.backstop.source.SqlRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The MySQL/MariaDB server of a mysql source, for restore and restore-test: the SQL of each
 * operation. The {@link MysqlClient} runs it with the source's connection settings and
 * credentials, the SQL on standard input; nothing secret is in argv.
 */
public final class MysqlServer extends ClientDatabaseServer {

    /** @param scratchDir a private directory for the client's option and SQL files */
    public MysqlServer(MysqlConfig config, ProcessRunner runner, Path scratchDir,
                       UnaryOperator<String> environment) {
        super(new SqlRunner(new MysqlClient(config, environment), runner, scratchDir), null);
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
