package dev.backstop.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** SQL of the {@code target_commits} table: where each run's backup set went, and what retention removed. */
final class CommitRows {

    private CommitRows() {
    }

    /** Records the commit of a run to one target, replacing an earlier record for the same target. */
    static void upsert(Connection c, String runId, TargetCommitRecord r) throws SQLException {
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
            ps.executeUpdate();
        }
    }

    /** Marks a committed set removed, keeping the first time; false when there is no such commit. */
    static boolean markRemoved(Connection c, String runId, String target, Instant removedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE target_commits SET removed_at = COALESCE(removed_at, ?)"
                + " WHERE run_id = ? AND target = ? AND outcome = 'committed'")) {
            ps.setString(1, Db.time(removedAt));
            ps.setString(2, runId);
            ps.setString(3, target);
            return ps.executeUpdate() == 1;
        }
    }

    /** Clears the removal mark of a committed set; false when there is no such commit. */
    static boolean unmarkRemoved(Connection c, String runId, String target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE target_commits SET removed_at = NULL"
                + " WHERE run_id = ? AND target = ? AND outcome = 'committed'")) {
            ps.setString(1, runId);
            ps.setString(2, target);
            return ps.executeUpdate() == 1;
        }
    }

    /** The commits of a run, by target name. */
    static List<TargetCommitRecord> of(Connection c, String runId) throws SQLException {
        return HistoryQueries.list(c, "SELECT " + Rows.COMMIT_COLUMNS + " FROM target_commits WHERE run_id = ?"
                + " ORDER BY target", Rows::commit, runId);
    }

    /** Ids committed on {@code target} and not removed since, oldest first. */
    static List<String> committedIds(Connection c, String target) throws SQLException {
        return HistoryQueries.strings(c, "SELECT run_id FROM target_commits WHERE target = ? AND outcome = 'committed'"
                + " AND removed_at IS NULL ORDER BY run_id", target);
    }

    /** Ids committed on {@code target} and removed by retention since, oldest first. */
    static List<String> removedIds(Connection c, String target) throws SQLException {
        return HistoryQueries.strings(c, "SELECT run_id FROM target_commits WHERE target = ? AND outcome = 'committed'"
                + " AND removed_at IS NOT NULL ORDER BY run_id", target);
    }
}
