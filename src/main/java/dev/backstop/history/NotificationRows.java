package dev.backstop.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** SQL of the {@code notifications} table: every delivery attempt of a notifier for a run. */
final class NotificationRows {

    private NotificationRows() {
    }

    static void insert(Connection c, String runId, NotificationRecord n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO notifications (run_id, notifier, event, ok,"
                + " detail, sent_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, runId);
            ps.setString(2, n.notifier());
            ps.setString(3, n.event());
            ps.setInt(4, n.ok() ? 1 : 0);
            ps.setString(5, n.detail());
            ps.setString(6, Db.time(n.sentAt()));
            ps.executeUpdate();
        }
    }

    /** The attempts for a run, oldest first. */
    static List<NotificationRecord> of(Connection c, String runId) throws SQLException {
        return HistoryQueries.list(c, "SELECT notifier, event, ok, detail, sent_at FROM notifications"
                + " WHERE run_id = ? ORDER BY rowid", rs -> new NotificationRecord(rs.getString(1), rs.getString(2),
                rs.getInt(3) == 1, rs.getString(4), Db.instant(rs.getString(5))), runId);
    }
}
