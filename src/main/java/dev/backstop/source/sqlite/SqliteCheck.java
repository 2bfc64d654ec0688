package dev.backstop.source.sqlite;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/** Opens a restored SQLite file read-only, runs {@code PRAGMA integrity_check} and counts rows per table. */
public final class SqliteCheck {

    private SqliteCheck() {
    }

    /**
     * Rows per table, keyed as the sqlite source keys the manifest.
     *
     * @throws IOException the file is not a SQLite database, or fails the integrity check; the
     *                     message quotes the first problems SQLite names
     */
    public static SortedMap<String, Long> inspect(Path file) throws IOException {
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        readOnly.setOpenMode(SQLiteOpenMode.READONLY);
        try (Connection c = readOnly.createConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            List<String> problems = new ArrayList<>();
            try (ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
                while (r.next()) {
                    problems.add(r.getString(1));
                }
            }
            if (!problems.equals(List.of("ok"))) {
                throw new IOException(file + " fails PRAGMA integrity_check: "
                        + String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'"
                    + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            SortedMap<String, Long> rows = new TreeMap<>();
            for (String table : tables) {
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM \"" + table.replace("\"", "\"\"") + "\"")) {
                    r.next();
                    rows.put(table, r.getLong(1));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IOException(file + " cannot be opened as a SQLite database: " + e.getMessage(), e);
        }
    }
}
