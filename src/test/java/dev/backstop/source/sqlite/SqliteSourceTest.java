package dev.backstop.source.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ByteSize;
import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import dev.backstop.source.SourceContext;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqliteSourceTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "journal_mode={0}")
    @ValueSource(strings = {"WAL", "DELETE"})
    void dump_databaseWrittenDuringCopy_consistentSnapshotThatSqlite3Opens(String journalMode) throws Exception {
        // given: every transaction adds one order and one matching ledger line
        Path db = tmp.resolve("app.db");
        try (Connection c = open(db); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=" + journalMode);
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, payload BLOB)");
            s.execute("CREATE TABLE \"ledger lines\" (id INTEGER PRIMARY KEY, order_id INTEGER)");
            c.setAutoCommit(false);
            for (int i = 0; i < 2000; i++) {
                insertPair(c);
            }
            c.commit();
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong commits = new AtomicLong();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(db, stop, commits));
        while (commits.get() < 20) {
            Thread.sleep(5);
        }
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        Path stream = tmp.resolve("out.sqlite");

        // when
        long before = 2000 + commits.get();
        SourceFacts facts;
        try (OutputStream out = Files.newOutputStream(stream)) {
            facts = source(db).dump(out, new SourceContext(scratch, w -> { }));
        }
        long after = 2000 + commits.get();
        stop.set(true);
        writer.get(30, TimeUnit.SECONDS);

        // then
        long orders = facts.tableRows().get("orders");
        assertThat(facts.tableRows()).containsOnlyKeys("orders", "ledger lines")
                .containsEntry("ledger lines", orders);
        assertThat(orders).isBetween(before, after);
        assertThat(facts.serverVersion()).startsWith("SQLite 3.");
        assertThat(facts.trailerSeen()).isTrue();
        assertThat(sqlite3(stream, "PRAGMA integrity_check; SELECT count(*) FROM orders;"
                + " SELECT count(*) FROM \"ledger lines\";"))
                .isEqualTo("ok\n" + orders + "\n" + orders + "\n");
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void dump_missingFile_failsAndCreatesNothing() {
        // given
        Path missing = tmp.resolve("missing.db");

        // when / then
        assertThatThrownBy(() -> source(missing).dump(OutputStream.nullOutputStream(), context()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
        assertThat(missing).doesNotExist();
    }

    @Test
    void dump_notADatabase_fails() throws Exception {
        // given
        Path text = Files.writeString(tmp.resolve("notes.db"), "this is a text file, not a database\n".repeat(100));

        // when / then
        assertThatThrownBy(() -> source(text).dump(OutputStream.nullOutputStream(), context()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining(text.toString())
                .hasMessageContaining("is not a SQLite database");
    }

    @Test
    void dump_emptyFile_fails() throws Exception {
        // given
        Path empty = Files.createFile(tmp.resolve("empty.db"));

        // when / then
        assertThatThrownBy(() -> source(empty).dump(OutputStream.nullOutputStream(), context()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining(empty.toString())
                .hasMessageContaining("empty file");
    }

    private static void write(Path db, AtomicBoolean stop, AtomicLong commits) {
        try (Connection c = open(db)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=20000");
            }
            c.setAutoCommit(false);
            while (!stop.get()) {
                insertPair(c);
                c.commit();
                commits.incrementAndGet();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insertPair(Connection c) throws Exception {
        try (PreparedStatement order = c.prepareStatement("INSERT INTO orders (payload) VALUES (randomblob(512))");
             PreparedStatement line = c.prepareStatement(
                     "INSERT INTO \"ledger lines\" (order_id) VALUES (last_insert_rowid())")) {
            order.executeUpdate();
            line.executeUpdate();
        }
    }

    private static Connection open(Path db) throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }

    private SqliteSource source(Path db) {
        return new SqliteSource(new SqliteConfig("appdb", ByteSize.ofBytes(1), db));
    }

    private SourceContext context() throws Exception {
        return new SourceContext(Files.createDirectories(tmp.resolve("scratch")), w -> { });
    }

    private static String sqlite3(Path db, String sql) throws Exception {
        Process p = new ProcessBuilder(List.of("sqlite3", "-readonly", db.toString(), sql))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("sqlite3 output: %s", out).isZero();
        return out;
    }
}
