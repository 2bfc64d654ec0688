package dev.backstop.history;

import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.RunOutcome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The run history of backstop in one SQLite file ({@code state_dir/history.db}).
 *
 * <p>Guarantees: every {@code record*} method is one transaction, so a crash or SIGKILL at any
 * moment leaves the state before or after it, never half of it; a write returns only once it is
 * durable on disk ({@code synchronous=FULL}). Several processes may use the same file: a writer
 * waits up to {@link Db#BUSY_TIMEOUT_MS} ms for another's transaction. Instances are thread-safe.
 *
 * <p>Every failure is a {@link HistoryException} naming the database file and the operation.
 */
public final class HistoryStore implements AutoCloseable {

    private final Db db;
    private boolean closed;

    private HistoryStore(Db db) {
        this.db = db;
    }

    /**
     * Opens the history at {@code dbFile}, creating it (mode 0600, parent directories 0700) when
     * missing, and applies any schema step not yet applied. Idempotent.
     *
     * @throws HistoryException when the file cannot be created or opened, is not a SQLite
     *                          database, or has a schema newer than this backstop knows
     */
    public static HistoryStore open(Path dbFile) {
        Db db = Db.open(dbFile);
        try {
            Migrations.apply(db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new HistoryStore(db);
    }

    /** The newest schema version this backstop writes. */
    public static int schemaVersion() {
        return Migrations.latest();
    }

    /**
     * Records the start of a run with outcome {@code running}. Not idempotent: an id already in
     * history is refused, since two runs must never share a backup set.
     */
    public synchronized void recordRunStarted(String id, String host, Instant started, long pid) {
        Objects.requireNonNull(id, "id");
        db.write("record the start of run " + id, c -> {
            if (exists(c, "SELECT 1 FROM runs WHERE id = ?", id)) {
                throw new SQLException("run " + id + " is already recorded");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO runs (id, host, started_at, pid, outcome) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, host);
                ps.setString(3, Db.time(started));
                ps.setLong(4, pid);
                ps.setString(5, RunOutcome.RUNNING.word());
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Records one component of a run with its per-table row counts (from
     * {@code facts.tableRows()}), in one transaction. Idempotent: recording a component of the
     * same name again replaces it and its table rows.
     *
     * @throws HistoryException when the run is not in history
     */
    public synchronized void recordComponent(String runId, ComponentEntry entry) {
        db.write("record component " + entry.name() + " of run " + runId, c -> {
            requireRun(c, runId);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM components WHERE run_id = ? AND name = ?")) {
                del.setString(1, runId);
                del.setString(2, entry.name());
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO components (" + Rows.COMPONENT_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, runId);
                ps.setString(2, entry.name());
                ps.setString(3, entry.type());
                ps.setString(4, entry.file());
                ps.setString(5, entry.compression());
                ps.setLong(6, entry.bytes());
                ps.setLong(7, entry.rawBytes());
                ps.setString(8, entry.sha256());
                ps.setLong(9, entry.durationMs());
                ps.setString(10, Rows.factsJson(entry.facts()));
                ps.executeUpdate();
            }
            Map<String, Long> tables = entry.facts() == null || entry.facts().tableRows() == null
                    ? Map.of() : entry.facts().tableRows();
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO table_rows (run_id, component, table_name, row_count) VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<String, Long> t : tables.entrySet()) {
                    ps.setString(1, runId);
                    ps.setString(2, entry.name());
                    ps.setString(3, t.getKey());
                    ps.setLong(4, t.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * Records what happened to the run's backup set on one target. Idempotent: a second record
     * for the same run and target replaces the first.
     *
     * @throws HistoryException when the run is not in history
     */
    public synchronized void recordTargetCommit(String runId, TargetCommitRecord r) {
        db.write("record the commit of run " + runId + " to target " + r.target(), c -> {
            requireRun(c, runId);
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO target_commits (run_id, "
                    + Rows.COMMIT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, runId);
                ps.setString(2, r.target());
                ps.setString(3, r.outcome().word());
                ps.setString(4, r.path());
                ps.setString(5, r.verifiedWith());
                Rows.setNullableLong(ps, 6, r.bytes());
                ps.setString(7, r.reason());
                ps.setString(8, Db.time(r.finishedAt()));
                ps.setString(9, Db.time(r.removedAt()));
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Marks a committed set as removed from a target by retention, so that {@link #committedIds}
     * no longer expects it there. Idempotent; returns false when history holds no such commit.
     */
    public synchronized boolean recordTargetRemoved(String runId, String target, Instant removedAt) {
        return db.write("record the removal of run " + runId + " from target " + target, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE target_commits SET removed_at = COALESCE(removed_at, ?)"
                    + " WHERE run_id = ? AND target = ? AND outcome = 'committed'")) {
                ps.setString(1, Db.time(removedAt));
                ps.setString(2, runId);
                ps.setString(3, target);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Records how a run ended. Idempotent: recording it again replaces the ending.
     *
     * @throws IllegalArgumentException when {@code outcome} is RUNNING
     * @throws HistoryException         when the run is not in history
     */
    public synchronized void recordRunFinished(String runId, Instant finished, RunOutcome outcome,
                                               int exitCode, String reason, long bytes) {
        if (outcome == RunOutcome.RUNNING) {
            throw new IllegalArgumentException("a finished run needs an outcome other than running");
        }
        db.write("record the end of run " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET finished_at = ?, outcome = ?,"
                    + " exit_code = ?, reason = ?, bytes = ? WHERE id = ?")) {
                ps.setString(1, Db.time(finished));
                ps.setString(2, outcome.word());
                ps.setInt(3, exitCode);
                ps.setString(4, reason);
                ps.setLong(5, bytes);
                ps.setString(6, runId);
                if (ps.executeUpdate() != 1) {
                    throw new SQLException("run " + runId + " is not in history");
                }
                return null;
            }
        });
    }

    /**
     * Records the anomaly findings of a run, in order, in one transaction. Idempotent: recording
     * them again replaces the earlier list.
     *
     * @throws HistoryException when the run is not in history
     */
    public synchronized void recordFindings(String runId, List<AnomalyFinding> findings) {
        db.write("record the anomaly findings of run " + runId, c -> {
            requireRun(c, runId);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM anomaly_findings WHERE run_id = ?")) {
                del.setString(1, runId);
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO anomaly_findings (run_id, position, subject,"
                    + " metric, baseline, current, message) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < findings.size(); i++) {
                    AnomalyFinding f = findings.get(i);
                    ps.setString(1, runId);
                    ps.setInt(2, i);
                    ps.setString(3, f.subject());
                    ps.setString(4, f.metric());
                    ps.setLong(5, f.baseline());
                    ps.setLong(6, f.current());
                    ps.setString(7, f.message());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** The anomaly findings of a run, in the order recorded; empty when it has none. */
    public synchronized List<AnomalyFinding> findings(String runId) {
        return db.read("read the anomaly findings of run " + runId, c -> HistoryQueries.findings(c, runId));
    }

    /**
     * Records one delivery attempt of a notifier for a run: whether it arrived, and why not.
     * Not idempotent: every attempt is a row.
     *
     * @throws HistoryException when the run is not in history
     */
    public synchronized void recordNotification(String runId, NotificationRecord n) {
        db.write("record notification " + n.notifier() + " of run " + runId, c -> {
            requireRun(c, runId);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO notifications (run_id, notifier, event, ok,"
                    + " detail, sent_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, runId);
                ps.setString(2, n.notifier());
                ps.setString(3, n.event());
                ps.setInt(4, n.ok() ? 1 : 0);
                ps.setString(5, n.detail());
                ps.setString(6, Db.time(n.sentAt()));
                return ps.executeUpdate();
            }
        });
    }

    /** The notification attempts of a run, oldest first. */
    public synchronized List<NotificationRecord> notifications(String runId) {
        return db.read("read the notifications of run " + runId, c -> HistoryQueries.notifications(c, runId));
    }

    /**
     * Accepts an anomaly run as the new normal, so that anomaly detection compares against it.
     * Idempotent (the first acceptance time is kept). Returns false when no anomaly run has that id.
     */
    public synchronized boolean acceptRun(String runId, Instant acceptedAt) {
        return db.write("accept run " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET accepted_at = COALESCE(accepted_at, ?)"
                    + " WHERE id = ? AND outcome = 'anomaly'")) {
                ps.setString(1, Db.time(acceptedAt));
                ps.setString(2, runId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Turns every run still {@code running} into {@code aborted} with {@code reason}, in one
     * transaction. Only a caller holding the run lock may call this: the lock proves that no
     * live process owns those runs. Returns their ids, oldest first; empty when none.
     */
    public synchronized List<String> abortStaleRuns(String reason) {
        return db.write("abort stale runs", c -> {
            List<String> ids = HistoryQueries.strings(c,
                    "SELECT id FROM runs WHERE outcome = 'running' ORDER BY started_at, id");
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE runs SET outcome = 'aborted', reason = ? WHERE outcome = 'running'")) {
                ps.setString(1, reason);
                ps.executeUpdate();
            }
            return ids;
        });
    }

    /** The newest {@code limit} runs, newest first; IllegalArgumentException when limit is negative. */
    public synchronized List<RunRecord> recentRuns(int limit) {
        requireNonNegative(limit, "limit");
        return db.read("read recent runs", c -> HistoryQueries.runs(c,
                "SELECT " + Rows.RUN_COLUMNS + " FROM runs ORDER BY started_at DESC, id DESC LIMIT ?", limit));
    }

    /** The run with this id, if history has it. */
    public synchronized Optional<RunRecord> run(String id) {
        return db.read("read run " + id, c -> HistoryQueries.runs(c,
                "SELECT " + Rows.RUN_COLUMNS + " FROM runs WHERE id = ?", id).stream().findFirst());
    }

    /** The components of a run with their table rows, by name; empty when it has none. */
    public synchronized List<ComponentRecord> components(String runId) {
        return db.read("read the components of run " + runId, c -> HistoryQueries.components(c, runId));
    }

    /** The target commits of a run, by target name; empty when it has none. */
    public synchronized List<TargetCommitRecord> commits(String runId) {
        return db.read("read the target commits of run " + runId, c -> HistoryQueries.commits(c, runId));
    }

    /** Ids that history records as committed on {@code target} and not removed since, oldest first. */
    public synchronized Set<String> committedIds(String target) {
        return db.read("read the backups committed on target " + target, c -> new LinkedHashSet<>(HistoryQueries.strings(c,
                "SELECT run_id FROM target_commits WHERE target = ? AND outcome = 'committed'"
                        + " AND removed_at IS NULL ORDER BY run_id", target)));
    }

    /**
     * The newest {@code window} good runs (success, or an anomaly accepted since), newest first,
     * each with its components and table rows: the baseline of anomaly detection.
     * IllegalArgumentException when window is negative.
     */
    public synchronized List<RunDetail> lastGoodRuns(int window) {
        requireNonNegative(window, "window");
        return db.read("read the last good runs", c -> {
            List<RunDetail> result = new ArrayList<>();
            for (RunRecord r : HistoryQueries.runs(c, "SELECT " + Rows.RUN_COLUMNS + " FROM runs"
                    + " WHERE outcome = 'success' OR (outcome = 'anomaly' AND accepted_at IS NOT NULL)"
                    + " ORDER BY started_at DESC, id DESC LIMIT ?", window)) {
                result.add(new RunDetail(r, HistoryQueries.components(c, r.id())));
            }
            return result;
        });
    }

    /**
     * Records one verify or restore test with all its findings, in one transaction. Not
     * idempotent: each call is a new entry. Returns its id.
     */
    public synchronized long recordVerification(VerificationRecord r) {
        return db.write("record a " + r.kind(), c -> VerificationRows.insert(c, r));
    }

    /** The newest {@code limit} entries of one kind (verify, restore-test), newest first. */
    public synchronized List<VerificationRecord> recentVerifications(String kind, int limit) {
        requireNonNegative(limit, "limit");
        return db.read("read recent " + kind + " entries", c -> VerificationRows.recent(c, kind, limit));
    }

    /** Read queries for monitoring ({@code status}, {@code /metrics}, the dashboard) over this store. */
    public HistoryReports reports() {
        return new HistoryReports(this);
    }

    /** One read transaction on this store's connection, for {@link HistoryReports}. */
    synchronized <T> T read(String what, Db.Work<T> work) {
        return db.read(what, work);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            db.close();
        }
    }

    /** The value of a PRAGMA on this store's connection; for tests of the connection settings. */
    synchronized String pragma(String name) {
        return db.read("read pragma " + name, c -> HistoryQueries.strings(c, "PRAGMA " + name).get(0));
    }

    // SQLite reads LIMIT -1 as "no limit": a negative count is a caller's bug, not a wish for everything.
    private static void requireNonNegative(int count, String name) {
        if (count < 0) {
            throw new IllegalArgumentException(name + " must be 0 or more, got " + count);
        }
    }

    private static void requireRun(Connection c, String runId) throws SQLException {
        if (!exists(c, "SELECT 1 FROM runs WHERE id = ?", runId)) {
            throw new SQLException("run " + runId + " is not in history");
        }
    }

    private static boolean exists(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
