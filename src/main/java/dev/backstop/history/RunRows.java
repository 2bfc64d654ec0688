package dev.backstop.history;

import dev.backstop.core.RunOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** SQL of the {@code runs} table: a run's start and end, its acceptance, and the runs read back. */
final class RunRows {

    // a good run: a success, or an anomaly accepted as the new normal since
    private static final String GOOD = "outcome = 'success' OR (outcome = 'anomaly' AND accepted_at IS NOT NULL)";

    private RunRows() {
    }

    /** Inserts a run with outcome {@code running}; an id already recorded is refused. */
    static void insertStarted(Connection c, String id, String host, Instant started, long pid) throws SQLException {
        if (exists(c, id)) {
            throw new SQLException("run " + id + " is already recorded");
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO runs (id, host, started_at, pid, outcome) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, host);
            ps.setString(3, Db.time(started));
            ps.setLong(4, pid);
            ps.setString(5, RunOutcome.RUNNING.word());
            ps.executeUpdate();
        }
    }

    static void finish(Connection c, String runId, Instant finished, RunOutcome outcome, int exitCode, String reason,
                       long bytes) throws SQLException {
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
        }
    }

    /** Marks an anomaly run accepted, keeping the first time; false when no anomaly run has that id. */
    static boolean accept(Connection c, String runId, Instant acceptedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET accepted_at = COALESCE(accepted_at, ?)"
                + " WHERE id = ? AND outcome = 'anomaly'")) {
            ps.setString(1, Db.time(acceptedAt));
            ps.setString(2, runId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Ids of the runs still {@code running}, oldest first. */
    static List<String> running(Connection c) throws SQLException {
        return HistoryQueries.strings(c, "SELECT id FROM runs WHERE outcome = 'running' ORDER BY started_at, id");
    }

    /** Turns every {@code running} run into {@code aborted}; returns their ids, oldest first. */
    static List<String> abortRunning(Connection c, String reason) throws SQLException {
        List<String> ids = running(c);
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE runs SET outcome = 'aborted', reason = ? WHERE outcome = 'running'")) {
            ps.setString(1, reason);
            ps.executeUpdate();
        }
        return ids;
    }

    /** Fails when the run is not in history: the rows of a run never stand without it. */
    static void require(Connection c, String runId) throws SQLException {
        if (!exists(c, runId)) {
            throw new SQLException("run " + runId + " is not in history");
        }
    }

    static List<RunRecord> recent(Connection c, int limit) throws SQLException {
        return select(c, "ORDER BY started_at DESC, id DESC LIMIT ?", limit);
    }

    static List<RunRecord> byId(Connection c, String id) throws SQLException {
        return select(c, "WHERE id = ?", id);
    }

    /** The newest {@code window} good runs, newest first, each with its components. */
    static List<RunDetail> lastGood(Connection c, int window) throws SQLException {
        List<RunDetail> result = new ArrayList<>();
        for (RunRecord r : select(c, "WHERE " + GOOD + " ORDER BY started_at DESC, id DESC LIMIT ?", window)) {
            result.add(new RunDetail(r, ComponentRows.of(c, r.id())));
        }
        return result;
    }

    /** The runs that {@code clauses} (WHERE, ORDER BY, LIMIT) select, with their arguments. */
    static List<RunRecord> select(Connection c, String clauses, Object... args) throws SQLException {
        return HistoryQueries.list(c, "SELECT " + Rows.RUN_COLUMNS + " FROM runs " + clauses, Rows::run, args);
    }

    private static boolean exists(Connection c, String runId) throws SQLException {
        return !HistoryQueries.strings(c, "SELECT id FROM runs WHERE id = ?", runId).isEmpty();
    }
}
