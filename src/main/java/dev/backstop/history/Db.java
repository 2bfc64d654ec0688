package dev.backstop.history;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;

/**
 * One SQLite connection with backstop's settings, and the transaction discipline every caller
 * in this package goes through. Not thread-safe: {@link HistoryStore} serializes access.
 */
final class Db implements AutoCloseable {

    /** How long a writer waits for another process's transaction before giving up. */
    static final int BUSY_TIMEOUT_MS = 10_000;
    /**
     * A system property that shortens that wait: for the tests that hold the file's lock on purpose
     * through a whole run, which would otherwise wait the ten seconds out each time.
     */
    static final String BUSY_TIMEOUT_PROPERTY = "backstop.history.busyTimeoutMs";

    /** Fixed width, so that text order is time order: 2025-11-04T02:00:01.000000000Z. */
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    /** A unit of work against the connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Path file;
    private final Connection connection;
    private final boolean inMemory;

    private Db(Path file, Connection connection, boolean inMemory) {
        this.file = file;
        this.connection = connection;
        this.inMemory = inMemory;
    }

    /** Creates the parent directory (0700) and the file (0600) when missing, then connects. */
    static Db open(Path file) {
        return open(file, Integer.getInteger(BUSY_TIMEOUT_PROPERTY, BUSY_TIMEOUT_MS));
    }

    /** {@link #open(Path)} with another busy timeout, so that tests of a locked file need not wait ten seconds. */
    static Db open(Path file, int busyTimeoutMs) {
        createPrivately(file);
        SqliteDriver.useUnpackedLibrary();
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                // Busy timeout first: switching to WAL needs a lock another process may hold.
                s.execute("PRAGMA busy_timeout = " + busyTimeoutMs);
                try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
                    String mode = rs.next() ? rs.getString(1) : "";
                    if (!"wal".equalsIgnoreCase(mode)) {
                        throw new SQLException("SQLite refused WAL journal mode (got '" + mode + "')");
                    }
                }
                // FULL: a committed run survives a power loss, which a backup tool owes its user.
                s.execute("PRAGMA synchronous = FULL");
                s.execute("PRAGMA foreign_keys = ON");
            }
            return new Db(file, c, false);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new HistoryException("cannot open history database " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A database in memory holding a copy of what can be read of {@code file}: empty when the file
     * is missing, damaged or cannot be read. Never writes the file, its directory or its companions.
     */
    static Db memoryCopyOf(Path file) {
        // normal locking first: it sees what another process committed into the WAL; immutable
        // (no locks, no -shm, WAL ignored) reads a file whose directory is read-only
        String uri = file.toAbsolutePath().toUri().toString();
        for (String source : new String[] {uri, uri + "?immutable=1"}) {
            Connection c = memory();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("restore from " + source);
                // a source that could not be opened is restored as an empty database, without error
                if (!HistoryQueries.strings(c, "SELECT name FROM sqlite_master WHERE name = 'schema_version'").isEmpty()) {
                    return new Db(file, c, true);
                }
            } catch (SQLException e) {
                // this way of reading failed; the next one, or an empty database, follows
            }
            closeQuietly(c);
        }
        return emptyInMemory(file);
    }

    /** An empty database in memory, standing in for {@code file}. */
    static Db emptyInMemory(Path file) {
        return new Db(file, memory(), true);
    }

    private static Connection memory() {
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA foreign_keys = ON");
            }
            return c;
        } catch (SQLException e) {
            throw new HistoryException("cannot create a history database in memory: " + e.getMessage(), e);
        }
    }

    /**
     * SQLite's own check of every page and index ({@code PRAGMA quick_check}): empty when the
     * database is sound, else up to {@code limit} problems.
     */
    List<String> quickCheck(int limit) {
        List<String> found = read("check every page", c -> HistoryQueries.strings(c, "PRAGMA quick_check(" + limit + ")"));
        return found.equals(List.of("ok")) ? List.of() : found;
    }

    private static void createPrivately(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            // An empty file is a valid empty database; creating it ourselves fixes its mode,
            // and SQLite gives the -wal and -shm files the same mode as the database.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // an existing database keeps the mode its owner gave it
        } catch (IOException e) {
            throw new HistoryException("cannot create history database " + file + ": " + e, e);
        }
    }

    Path file() {
        return file;
    }

    /** How messages name this database: its file, or the in-memory copy of it. */
    String name() {
        return inMemory ? "(in-memory copy of) " + file : file.toString();
    }

    /**
     * Runs {@code work} in one write transaction (BEGIN IMMEDIATE: the write lock is taken up
     * front, so the busy timeout applies and two writers never deadlock on a lock upgrade).
     * Commits when it returns, rolls back when it throws.
     */
    <T> T write(String what, Work<T> work) {
        return transaction("BEGIN IMMEDIATE", what, work);
    }

    /** Runs {@code work} in one read transaction, so that several queries see one state. */
    <T> T read(String what, Work<T> work) {
        return transaction("BEGIN DEFERRED", what, work);
    }

    private <T> T transaction(String begin, String what, Work<T> work) {
        try {
            exec(begin);
            T result;
            try {
                result = work.run(connection);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                throw e;
            }
            exec("COMMIT");
            return result;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new HistoryException("history database " + name() + ": cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private void exec(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private void rollbackQuietly() {
        try {
            exec("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction was open: nothing to undo
        }
    }

    static String time(Instant t) {
        return t == null ? null : TIME.format(t);
    }

    static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new HistoryException("cannot close history database " + name() + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing with a better message
            }
        }
    }
}
