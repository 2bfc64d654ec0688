package dev.backstop.source.postgres;

import dev.backstop.exec.ProcessRunner;
import dev.backstop.source.ClientDatabaseServer;
import dev.backstop.source.SqlRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The PostgreSQL server of a postgres source, for restore and restore-test: the SQL of each
 * operation. The {@link PostgresClient} runs it through {@code psql} with the source's connection
 * settings and the same PGPASSFILE handling as pg_dump. Databases are created and dropped from
 * the {@code postgres} maintenance database.
 */
public final class PostgresServer extends ClientDatabaseServer {

    private static final String MAINTENANCE_DB = "postgres";

    /** @param scratchDir a private directory for the client's passfile and SQL files */
    public PostgresServer(PostgresConfig config, ProcessRunner runner, Path scratchDir,
                          UnaryOperator<String> environment) {
        super(new SqlRunner(new PostgresClient(config, environment), runner, scratchDir), MAINTENANCE_DB);
    }

    @Override
    protected String listDatabases(String likeLiteral) {
        return "SELECT datname FROM pg_database WHERE datname LIKE " + likeLiteral + " ORDER BY 1";
    }

    @Override
    protected String findDatabase(String database) {
        return "SELECT 1 FROM pg_database WHERE datname = " + PostgresClient.literal(database);
    }

    /** template0: nothing added to template1 can clash with what the dump creates. */
    @Override
    protected String createDatabase(String database) {
        return "CREATE DATABASE " + PostgresClient.quote(database) + " TEMPLATE template0";
    }

    /** FORCE: a client killed mid-load may leave a session open on the scratch database. */
    @Override
    protected String dropDatabase(String database) {
        return "DROP DATABASE IF EXISTS " + PostgresClient.quote(database) + " WITH (FORCE)";
    }

    /** format('%I.%I') quotes as pg_dump does in its COPY lines, which key the manifest. */
    @Override
    protected List<String> tables(String database) throws IOException, InterruptedException {
        return values(database, "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables"
                + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1");
    }

    /** ONLY: a parent table's own rows without its children's, as pg_dump's COPY of it holds them. */
    @Override
    protected String countFrom(String table) {
        return "count(*) FROM ONLY " + table;
    }
}
