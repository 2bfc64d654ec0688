package dev.backstop.source.sqlite;

import dev.backstop.core.Findings;
import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import dev.backstop.source.Source;
import dev.backstop.source.SourceContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.SortedMap;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteOpenMode;

/**
 * Copies a live SQLite database with the backup API, in one step under one read transaction,
 * so the copy is a snapshot of a single moment even while the application writes (in WAL
 * mode writers are not blocked; in rollback mode they wait for the copy, up to their own busy
 * timeout). The copy goes to the scratch directory, is checked with
 * {@code PRAGMA integrity_check}, its rows are counted per table, then it is streamed to the
 * output and deleted. The stream is a plain database file: {@code sqlite3 x.sqlite} opens it.
 *
 * <p>The source is opened read-only and never created: a missing path or a file that is not
 * a SQLite database fails the source.
 */
public final class SqliteSource implements Source {

    /** How long the copy waits for a writer's lock, in total: BUSY_RETRIES x BUSY_SLEEP_MS. */
    private static final int BUSY_SLEEP_MS = 200;
    private static final int BUSY_RETRIES = 50;
    private static final int SQLITE_NOTADB = 26;

    private final SqliteConfig config;

    public SqliteSource(SqliteConfig config) {
        this.config = config;
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
        return "sqlite";
    }

    /** Checks nothing: a missing database is a failure of this source alone, reported by the dump. */
    @Override
    public void preflight() {
    }

    @Override
    public SourceFacts dump(OutputStream out, SourceContext context) throws SourceException, IOException {
        Path source = existing();
        Path copy = context.scratchDir().resolve(config.name() + ".backup.sqlite");
        try {
            deleteCopy(copy);
            String version = backup(source, copy);
            SortedMap<String, Long> rows = checkAndCount(copy);
            Files.copy(copy, out);
            return SourceFacts.database("SQLite " + version, true, rows);
        } finally {
            deleteCopy(copy);
        }
    }

    /** The check a dump makes of the database file before it opens it. */
    void check(Findings findings) {
        findings.error(this::existing);
    }

    /** The database file, absolute, when it is a regular file that is not empty. */
    private Path existing() throws SourceException, IOException {
        Path source = config.path().toAbsolutePath();
        if (!Files.isRegularFile(source)) {
            throw fail(Files.exists(source) ? "is not a regular file" : "does not exist", null);
        }
        if (Files.size(source) == 0) {
            // SQLite would call an empty file an empty database; here it means a wrong path
            throw fail("is an empty file, not a SQLite database", null);
        }
        return source;
    }

    /** @return the SQLite library version that made the copy */
    private String backup(Path source, Path copy) throws SourceException {
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true); // SQLITE_OPEN_READONLY without CREATE: never makes an empty database
        readOnly.setOpenMode(SQLiteOpenMode.READONLY);
        readOnly.setBusyTimeout(BUSY_SLEEP_MS * BUSY_RETRIES);
        try (Connection c = readOnly.createConnection("jdbc:sqlite:" + source)) {
            String version;
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT sqlite_version(), (SELECT count(*) FROM sqlite_master)")) {
                r.next(); // reading sqlite_master is what detects a file that is not a database
                version = r.getString(1);
            }
            // all pages in one step: a single read transaction, hence a single moment
            int rc = c.unwrap(SQLiteConnection.class).getDatabase()
                    .backup("main", copy.toString(), null, BUSY_SLEEP_MS, BUSY_RETRIES, -1);
            if (rc != 0) {
                throw fail("the online copy failed (SQLite result code " + rc + ")", null);
            }
            return version;
        } catch (SQLException e) {
            if (e.getErrorCode() == SQLITE_NOTADB) {
                throw fail("is not a SQLite database", e);
            }
            throw fail("cannot be copied: " + e.getMessage(), e);
        }
    }

    private SortedMap<String, Long> checkAndCount(Path copy) throws SourceException {
        try {
            // the same check and count as a restore test, so both record facts alike
            return SqliteCheck.inspect(copy);
        } catch (IOException e) {
            throw fail("the online copy " + e.getMessage(), e);
        }
    }

    /** The copy and whatever SQLite may have left beside it. */
    private static void deleteCopy(Path copy) throws IOException {
        for (String suffix : List.of("", "-journal", "-wal", "-shm")) {
            Files.deleteIfExists(copy.resolveSibling(copy.getFileName() + suffix));
        }
    }

    private SourceException fail(String what, Throwable cause) {
        return new SourceException("source " + config.name() + ": database " + config.path().toAbsolutePath()
                + " " + what, cause);
    }
}
