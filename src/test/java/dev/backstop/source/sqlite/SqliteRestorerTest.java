package dev.backstop.source.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.SourceConfig;
import dev.backstop.core.ByteSize;
import dev.backstop.source.RestoreContract;
import dev.backstop.source.RestoreFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Random;

/** The restore contract on a SQLite database file written for the test. */
@RestoreFixture(SqliteKind.class)
class SqliteRestorerTest extends RestoreContract {

    private Path database;

    @Override
    protected SourceConfig createSource() throws Exception {
        database = dir.resolve("app.db");
        Random random = new Random(7);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, payload BLOB)");
            s.execute("CREATE TABLE \"ledger lines\" (id INTEGER PRIMARY KEY, order_id INTEGER, note TEXT)");
            s.execute("CREATE TABLE empty_one (id INTEGER PRIMARY KEY)");
            c.setAutoCommit(false);
            try (PreparedStatement order = c.prepareStatement("INSERT INTO orders (payload) VALUES (?)");
                 PreparedStatement line = c.prepareStatement("INSERT INTO \"ledger lines\" (order_id, note) VALUES (?, ?)")) {
                for (int i = 1; i <= 1500; i++) {
                    byte[] payload = new byte[200];
                    random.nextBytes(payload);
                    order.setBytes(1, payload);
                    order.executeUpdate();
                    line.setInt(1, i);
                    line.setString(2, "line ünïcødé " + i);
                    line.executeUpdate();
                }
            }
            c.commit();
        }
        return new SqliteConfig("appdb", ByteSize.ofBytes(1), database);
    }

    @Override
    protected void assertRestoredInto(Path directory, Dump dump) throws Exception {
        // the database file itself, which sqlite3 opens, with the rows of the original
        Path restored = directory.resolve(dump.entry().name() + ".db");
        assertThat(restored).hasBinaryContent(dump.content());
        assertThat(SqliteCheck.inspect(restored)).isEqualTo(SqliteCheck.inspect(database))
                .containsEntry("orders", 1500L).containsEntry("ledger lines", 1500L).containsEntry("empty_one", 0L);
    }
}
