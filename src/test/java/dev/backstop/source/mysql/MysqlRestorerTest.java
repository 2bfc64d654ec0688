package dev.backstop.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.SourceConfig;
import dev.backstop.source.RestoreContract;
import dev.backstop.source.RestoreFixture;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Path;

/** The restore contract on a database of the machine's MariaDB server, restored into it with its client. */
@RestoreFixture(MysqlKind.class)
@RequiresService(Services.MariaDb.class)
class MysqlRestorerTest extends RestoreContract {

    private final String database = PREFIX + "src_" + suffix;
    private boolean created;

    @Override
    protected SourceConfig createSource() throws Exception {
        created = true;
        MariaDb.sql(null, "CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4;"
                + "USE `" + database + "`;"
                + "CREATE TABLE empty_one (id INT PRIMARY KEY);"
                + "CREATE TABLE notes (id INT PRIMARY KEY, s TEXT, b BLOB);"
                + "INSERT INTO notes VALUES (1, 'it''s (a), \"quoted\"; back\\\\slash', 0x00FF2728),"
                + " (2, NULL, NULL), (3, 'ünïcødé ✓', '');"
                + "CREATE TABLE bulk (id INT PRIMARY KEY, s VARCHAR(200));"
                + "INSERT INTO bulk SELECT seq, REPEAT('x(,', 40) FROM seq_1_to_3000;");
        return MysqlSourceTest.config(database, null, null, null, null);
    }

    @Override
    protected void dropSource() throws Exception {
        if (created) {
            MariaDb.sql(null, "DROP DATABASE IF EXISTS `" + database + "`");
        }
    }

    @Override
    protected void assertRestoredInto(Path directory, Dump dump) throws Exception {
        // no --database given: the SQL, for the administrator's own client
        assertThat(directory.resolve(dump.entry().name() + ".sql")).hasBinaryContent(dump.content());
    }
}
