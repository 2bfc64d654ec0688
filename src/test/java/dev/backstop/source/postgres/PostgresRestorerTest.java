package dev.backstop.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.SourceConfig;
import dev.backstop.source.RestoreContract;
import dev.backstop.source.RestoreFixture;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Path;

/** The restore contract on a database of the machine's PostgreSQL server, restored into it with psql. */
@RestoreFixture(PostgresKind.class)
@RequiresService(Services.Postgres.class)
class PostgresRestorerTest extends RestoreContract {

    private final String database = PREFIX + "src_" + suffix;
    private boolean created;

    @Override
    protected SourceConfig createSource() throws Exception {
        created = true;
        Postgres.sql("postgres", "CREATE DATABASE " + database);
        Postgres.sql(database, "CREATE TABLE empty_one (id int primary key);"
                + "CREATE TABLE \"Order Items\" (id int primary key, s text, b bytea);"
                + "INSERT INTO \"Order Items\" VALUES (1, E'it''s \\t tab \\n newline \\\\ back (a),(b)', '\\x00ff0a5c'),"
                + " (2, NULL, NULL), (3, '', ''), (4, 'ünïcødé ✓', NULL);"
                + "CREATE TABLE bulk (id int, s text);"
                + "INSERT INTO bulk SELECT g, repeat('z\t', 40) FROM generate_series(1, 3000) g;");
        return PostgresSourceTest.config(database, null, null, null);
    }

    @Override
    protected void dropSource() throws Exception {
        if (created) {
            Postgres.sql("postgres", "DROP DATABASE IF EXISTS " + database);
        }
    }

    @Override
    protected void assertRestoredInto(Path directory, Dump dump) throws Exception {
        // no --database given: the SQL, for the administrator's own psql
        assertThat(directory.resolve(dump.entry().name() + ".sql")).hasBinaryContent(dump.content());
    }
}
