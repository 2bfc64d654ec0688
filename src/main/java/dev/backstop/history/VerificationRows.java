package dev.backstop.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** SQL of the {@code verifications} and {@code verification_findings} tables. */
final class VerificationRows {

    private VerificationRows() {
    }

    static long insert(Connection c, VerificationRecord r) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO verifications (kind, started_at, finished_at,"
                + " targets, backup_id, read_data, sets_checked, files_read, bytes_read, outcome, restore_ms,"
                + " servers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, r.kind());
            ps.setString(2, Db.time(r.started()));
            ps.setString(3, Db.time(r.finished()));
            ps.setString(4, r.targets());
            ps.setString(5, r.backupId());
            ps.setString(6, r.readData());
            ps.setInt(7, r.setsChecked());
            ps.setLong(8, r.filesRead());
            ps.setLong(9, r.bytesRead());
            ps.setString(10, r.outcome());
            Rows.setNullableLong(ps, 11, r.restoreMs());
            ps.setString(12, r.servers());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO verification_findings (verification_id, seq,"
                + " severity, target, backup_id, file, problem) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int seq = 0;
            for (VerificationRecord.FindingRow f : r.findings()) {
                ps.setLong(1, id);
                ps.setInt(2, seq++);
                ps.setString(3, f.severity());
                ps.setString(4, f.target());
                ps.setString(5, f.backupId());
                ps.setString(6, f.file());
                ps.setString(7, f.problem());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return id;
    }

    static List<VerificationRecord> recent(Connection c, String kind, int limit) throws SQLException {
        List<VerificationRecord> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, kind, started_at, finished_at, targets, backup_id,"
                + " read_data, sets_checked, files_read, bytes_read, outcome, restore_ms, servers FROM verifications"
                + " WHERE kind = ? ORDER BY started_at DESC, id DESC LIMIT ?")) {
            ps.setString(1, kind);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long restore = rs.getLong(12);
                    Long restoreMs = rs.wasNull() ? null : restore;
                    result.add(new VerificationRecord(rs.getString(2), Db.instant(rs.getString(3)),
                            Db.instant(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8),
                            rs.getLong(9), rs.getLong(10), rs.getString(11), restoreMs, findings(c, rs.getLong(1)), rs.getString(13)));
                }
            }
        }
        return result;
    }

    private static List<VerificationRecord.FindingRow> findings(Connection c, long id) throws SQLException {
        List<VerificationRecord.FindingRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT severity, target, backup_id, file, problem"
                + " FROM verification_findings WHERE verification_id = ? ORDER BY seq")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new VerificationRecord.FindingRow(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5)));
                }
            }
        }
        return rows;
    }
}
