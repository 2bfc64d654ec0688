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

/**
 * One SQLite connection with backstop's settings, and the transaction discipline every caller
 * in this package goes through. Not thread-safe: {@link HistoryStore} serializes access.
 */
final class Db implements AutoCloseable {

    /** How long a writer waits for another process's transaction before giving up. */
    static final int BUSY_TIMEOUT_MS = 10_000;

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

    private Db(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Creates the parent directory (0700) and the file (0600) when missing, then connects. */
    static Db open(Path file) {
        createPrivately(file);
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                // Busy timeout first: switching to WAL needs a lock another process may hold.
                s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
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
            return new Db(file, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new HistoryException("cannot open history database " + file + ": " + e.getMessage(), e);
        }
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
            throw new HistoryException("history database " + file + ": cannot " + what + ": " + e.getMessage(), e);
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
            throw new HistoryException("cannot close history database " + file + ": " + e.getMessage(), e);
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
