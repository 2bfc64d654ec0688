package dev.backstop.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The read queries of {@link HistoryStore}, run inside its transactions. */
final class HistoryQueries {

    private HistoryQueries() {
    }

    static List<RunRecord> runs(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<RunRecord> runs = new ArrayList<>();
            while (rs.next()) {
                runs.add(Rows.run(rs));
            }
            return runs;
        }
    }

    static List<String> strings(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    static List<ComponentRecord> components(Connection c, String runId) throws SQLException {
        Map<String, SortedMap<String, Long>> tables = new HashMap<>();
        try (PreparedStatement ps = prepare(c,
                "SELECT component, table_name, row_count FROM table_rows WHERE run_id = ?", runId);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tables.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
            }
        }
        try (PreparedStatement ps = prepare(c,
                "SELECT " + Rows.COMPONENT_COLUMNS + " FROM components WHERE run_id = ? ORDER BY name", runId);
             ResultSet rs = ps.executeQuery()) {
            List<ComponentRecord> result = new ArrayList<>();
            while (rs.next()) {
                result.add(Rows.component(rs, tables.getOrDefault(rs.getString("name"), new TreeMap<>())));
            }
            return result;
        }
    }

    static List<TargetCommitRecord> commits(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = prepare(c,
                "SELECT " + Rows.COMMIT_COLUMNS + " FROM target_commits WHERE run_id = ? ORDER BY target", runId);
             ResultSet rs = ps.executeQuery()) {
            List<TargetCommitRecord> result = new ArrayList<>();
            while (rs.next()) {
                result.add(Rows.commit(rs));
            }
            return result;
        }
    }

    static List<dev.backstop.core.AnomalyFinding> findings(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = prepare(c, "SELECT subject, metric, baseline, current, message FROM anomaly_findings"
                + " WHERE run_id = ? ORDER BY position", runId); ResultSet rs = ps.executeQuery()) {
            List<dev.backstop.core.AnomalyFinding> result = new ArrayList<>();
            while (rs.next()) {
                result.add(new dev.backstop.core.AnomalyFinding(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getLong(4), rs.getString(5)));
            }
            return result;
        }
    }

    static List<NotificationRecord> notifications(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = prepare(c, "SELECT notifier, event, ok, detail, sent_at FROM notifications"
                + " WHERE run_id = ? ORDER BY rowid", runId); ResultSet rs = ps.executeQuery()) {
            List<NotificationRecord> result = new ArrayList<>();
            while (rs.next()) {
                result.add(new NotificationRecord(rs.getString(1), rs.getString(2), rs.getInt(3) == 1, rs.getString(4),
                        Db.instant(rs.getString(5))));
            }
            return result;
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }
}
