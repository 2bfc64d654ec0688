package dev.backstop.history;

import java.sql.DriverManager;
import org.sqlite.SQLiteJDBCLoader;

/** The SQLite driver that every history needs, loaded ahead of its first use. */
public final class SqliteDriver {

    private SqliteDriver() {
    }

    /**
     * Starts loading the driver on a thread of its own and returns: it unpacks and links its
     * native library, a fifth of a second that a run can spend reading its configuration meanwhile.
     * A failure is left for {@link HistoryStore#open} to meet and report.
     */
    public static void loadAhead() {
        Thread loading = new Thread(() -> {
            try {
                DriverManager.getDrivers();
                SQLiteJDBCLoader.initialize();
            } catch (Exception | LinkageError e) {
                // open() loads it again, and says why it cannot
            }
        }, "load sqlite");
        loading.setDaemon(true);
        loading.start();
    }
}
