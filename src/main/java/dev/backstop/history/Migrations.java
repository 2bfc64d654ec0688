package dev.backstop.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * The schema of the history database as an ordered list of steps. Each step runs in its own
 * transaction and is recorded in {@code schema_version}, so it applies exactly once even when
 * two processes open a fresh database together. Steps are never edited once released: a change
 * is a new step at the end.
 */
final class Migrations {

    /** One schema change. */
    record Step(int version, String description, List<String> statements) {
    }

    static final List<Step> STEPS = List.of(
            new Step(1, "runs, components, table rows, target commits", List.of(
                    """
                    CREATE TABLE runs (
                        id          TEXT PRIMARY KEY,
                        host        TEXT NOT NULL,
                        started_at  TEXT NOT NULL,
                        finished_at TEXT,
                        pid         INTEGER NOT NULL,
                        outcome     TEXT NOT NULL,
                        exit_code   INTEGER,
                        reason      TEXT,
                        bytes       INTEGER,
                        accepted_at TEXT
                    )""",
                    "CREATE INDEX runs_by_start ON runs (started_at)",
                    "CREATE INDEX runs_by_outcome ON runs (outcome, started_at)",
                    """
                    CREATE TABLE components (
                        run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                        name        TEXT NOT NULL,
                        type        TEXT NOT NULL,
                        file        TEXT NOT NULL,
                        compression TEXT NOT NULL,
                        bytes       INTEGER NOT NULL,
                        raw_bytes   INTEGER NOT NULL,
                        sha256      TEXT NOT NULL,
                        duration_ms INTEGER NOT NULL,
                        facts_json  TEXT,
                        PRIMARY KEY (run_id, name)
                    )""",
                    """
                    CREATE TABLE table_rows (
                        run_id     TEXT NOT NULL,
                        component  TEXT NOT NULL,
                        table_name TEXT NOT NULL,
                        row_count  INTEGER NOT NULL,
                        PRIMARY KEY (run_id, component, table_name),
                        FOREIGN KEY (run_id, component) REFERENCES components (run_id, name) ON DELETE CASCADE
                    )""",
                    """
                    CREATE TABLE target_commits (
                        run_id        TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                        target        TEXT NOT NULL,
                        outcome       TEXT NOT NULL,
                        path          TEXT,
                        verified_with TEXT,
                        bytes         INTEGER,
                        reason        TEXT,
                        finished_at   TEXT NOT NULL,
                        removed_at    TEXT,
                        PRIMARY KEY (run_id, target)
                    )""",
                    "CREATE INDEX target_commits_by_target ON target_commits (target, outcome)")),
            new Step(2, "verification runs, restore tests and their findings", List.of(
                    """
                    CREATE TABLE verifications (
                        id           INTEGER PRIMARY KEY AUTOINCREMENT,
                        kind         TEXT NOT NULL,
                        started_at   TEXT NOT NULL,
                        finished_at  TEXT NOT NULL,
                        targets      TEXT NOT NULL,
                        backup_id    TEXT,
                        read_data    TEXT,
                        sets_checked INTEGER NOT NULL,
                        files_read   INTEGER NOT NULL,
                        bytes_read   INTEGER NOT NULL,
                        outcome      TEXT NOT NULL,
                        restore_ms   INTEGER
                    )""",
                    "CREATE INDEX verifications_by_kind ON verifications (kind, started_at)",
                    """
                    CREATE TABLE verification_findings (
                        verification_id INTEGER NOT NULL REFERENCES verifications (id) ON DELETE CASCADE,
                        seq             INTEGER NOT NULL,
                        severity        TEXT NOT NULL,
                        target          TEXT,
                        backup_id       TEXT,
                        file            TEXT,
                        problem         TEXT NOT NULL,
                        PRIMARY KEY (verification_id, seq)
                    )""")),
            new Step(3, "anomaly findings and notification deliveries", List.of(
                    """
                    CREATE TABLE anomaly_findings (
                        run_id   TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        subject  TEXT NOT NULL,
                        metric   TEXT NOT NULL,
                        baseline INTEGER NOT NULL,
                        current  INTEGER NOT NULL,
                        message  TEXT NOT NULL,
                        PRIMARY KEY (run_id, position)
                    )""",
                    """
                    CREATE TABLE notifications (
                        run_id   TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                        notifier TEXT NOT NULL,
                        event    TEXT NOT NULL,
                        ok       INTEGER NOT NULL,
                        detail   TEXT,
                        sent_at  TEXT NOT NULL
                    )""",
                    "CREATE INDEX notifications_by_run ON notifications (run_id)")),
            new Step(4, "where a files component stands in its chain of incremental archives", List.of(
                    // all null for a component stored whole; chain_previous null for a full
                    "ALTER TABLE components ADD COLUMN chain_level INTEGER",
                    "ALTER TABLE components ADD COLUMN chain_base TEXT",
                    "ALTER TABLE components ADD COLUMN chain_previous TEXT")));

    private Migrations() {
    }

    /** The newest schema version this code knows. */
    static int latest() {
        return STEPS.get(STEPS.size() - 1).version();
    }

    /**
     * Brings the database up to {@link #latest()}. Idempotent. Throws HistoryException, without
     * changing anything, when the database was written by a newer backstop.
     */
    static void apply(Db db) {
        apply(db, STEPS);
    }

    /** {@link #apply(Db)} with a given list of steps, so that tests can add a step of their own. */
    static void apply(Db db, List<Step> steps) {
        int latest = steps.get(steps.size() - 1).version();
        db.write("create the schema_version table", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("""
                        CREATE TABLE IF NOT EXISTS schema_version (
                            version     INTEGER PRIMARY KEY,
                            description TEXT NOT NULL,
                            applied_at  TEXT NOT NULL
                        )""");
            }
            return null;
        });
        for (Step step : steps) {
            db.write("apply schema step " + step.version() + " (" + step.description() + ")", c -> {
                // Read inside the write transaction: another process may have just applied it.
                int current = currentVersion(c);
                if (current > latest) {
                    throw new HistoryException("history database " + db.file() + " has schema version " + current
                            + ", but this backstop knows versions up to " + latest
                            + "; it was written by a newer backstop: run that version, or move the file aside to start a new history");
                }
                if (current < step.version()) {
                    applyStep(c, step);
                }
                return null;
            });
        }
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void applyStep(Connection c, Step step) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : step.statements()) {
                s.execute(sql);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
            ps.setInt(1, step.version());
            ps.setString(2, step.description());
            ps.setString(3, Db.time(Instant.now()));
            ps.executeUpdate();
        }
    }
}
