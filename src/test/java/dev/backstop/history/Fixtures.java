package dev.backstop.history;

import dev.backstop.core.ComponentEntry;
import dev.backstop.core.SourceFacts;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/** Sample values shared by the history tests. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2025-11-04T02:00:01.123456Z");

    private Fixtures() {
    }

    static ComponentEntry database(String name, long bytes, long... rowsPerTable) {
        TreeMap<String, Long> rows = new TreeMap<>();
        for (int i = 0; i < rowsPerTable.length; i++) {
            rows.put("table_" + i, rowsPerTable[i]);
        }
        return new ComponentEntry(name, "mysql", name + ".sql.gz", "gzip", bytes, bytes * 5,
                "ab".repeat(32), 1234, SourceFacts.database("10.11.6-MariaDB", true, rows));
    }

    static ComponentEntry files(String name, long bytes) {
        return new ComponentEntry(name, "files", name + ".tar.gz", "gzip", bytes, bytes * 2, "cd".repeat(32), 50,
                SourceFacts.files(42, 42, bytes * 2, List.of(new SourceFacts.FileNote("/srv/app/sock", "socket")),
                        List.of()));
    }

    /** A plain connection to the file, as a second process or the sqlite3 shell would see it. */
    static Connection raw(Path dbFile) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dbFile);
    }
}
