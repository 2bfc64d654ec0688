package dev.backstop.history;

import dev.backstop.core.AnomalyFinding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** SQL of the {@code anomaly_findings} table: what anomaly detection found in a run, in order. */
final class AnomalyFindingRows {

    private AnomalyFindingRows() {
    }

    /** Records the findings of a run in order, replacing an earlier list. */
    static void replace(Connection c, String runId, List<AnomalyFinding> findings) throws SQLException {
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
    }

    /** The findings of a run, in the order recorded. */
    static List<AnomalyFinding> of(Connection c, String runId) throws SQLException {
        return HistoryQueries.list(c, "SELECT subject, metric, baseline, current, message FROM anomaly_findings"
                + " WHERE run_id = ? ORDER BY position", rs -> new AnomalyFinding(rs.getString(1), rs.getString(2),
                rs.getLong(3), rs.getLong(4), rs.getString(5)), runId);
    }
}
