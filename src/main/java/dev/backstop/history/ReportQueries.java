package dev.backstop.history;

import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.RunOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The SQL of {@link HistoryReports}. Runs of a period are read with one query per table (not one
 * per run), so that a year of history is a handful of statements.
 */
final class ReportQueries {

    private static final String SINCE = " JOIN runs r ON r.id = x.run_id WHERE r.started_at >= ?";

    private ReportQueries() {
    }

    static List<RunView> runsSince(Connection c, String since) throws SQLException {
        List<RunRecord> runs = RunRows.select(c, "WHERE started_at >= ? ORDER BY started_at, id", since);
        Map<String, SortedMap<String, SortedMap<String, Long>>> tables = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT x.run_id, x.component, x.table_name, x.row_count"
                + " FROM table_rows x" + SINCE)) {
            ps.setString(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                            .computeIfAbsent(rs.getString(2), k -> new TreeMap<>()).put(rs.getString(3), rs.getLong(4));
                }
            }
        }
        Map<String, List<ComponentRecord>> components = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + prefixed(Rows.COMPONENT_COLUMNS)
                + " FROM components x" + SINCE + " ORDER BY x.run_id, x.name")) {
            ps.setString(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String run = rs.getString("run_id");
                    SortedMap<String, Long> rows = tables.getOrDefault(run, new TreeMap<>())
                            .getOrDefault(rs.getString("name"), new TreeMap<>());
                    components.computeIfAbsent(run, k -> new ArrayList<>()).add(Rows.component(rs, rows));
                }
            }
        }
        Map<String, List<AnomalyFinding>> findings = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT x.run_id, x.subject, x.metric, x.baseline, x.current,"
                + " x.message FROM anomaly_findings x" + SINCE + " ORDER BY x.run_id, x.position")) {
            ps.setString(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    findings.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new AnomalyFinding(
                            rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getString(6)));
                }
            }
        }
        Map<String, List<TargetCommitRecord>> commits = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT x.run_id, " + prefixed(Rows.COMMIT_COLUMNS)
                + " FROM target_commits x" + SINCE + " ORDER BY x.run_id, x.target")) {
            ps.setString(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    commits.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(Rows.commit(rs));
                }
            }
        }
        Map<String, Integer> failed = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT x.run_id, COUNT(*) FROM notifications x" + SINCE
                + " AND x.ok = 0 GROUP BY x.run_id")) {
            ps.setString(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    failed.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        List<RunView> result = new ArrayList<>(runs.size());
        for (RunRecord r : runs) {
            result.add(new RunView(r, components.getOrDefault(r.id(), List.of()), findings.getOrDefault(r.id(), List.of()),
                    commits.getOrDefault(r.id(), List.of()), failed.getOrDefault(r.id(), 0)));
        }
        return result;
    }

    static RunView view(Connection c, RunRecord r) throws SQLException {
        int failed;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM notifications WHERE run_id = ? AND ok = 0")) {
            ps.setString(1, r.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                failed = rs.getInt(1);
            }
        }
        return new RunView(r, ComponentRows.of(c, r.id()), AnomalyFindingRows.of(c, r.id()), CommitRows.of(c, r.id()),
                failed);
    }

    static RunRecord newest(Connection c, String where) throws SQLException {
        List<RunRecord> runs = RunRows.select(c, "WHERE " + where + " ORDER BY started_at DESC, id DESC LIMIT 1");
        return runs.isEmpty() ? null : runs.get(0);
    }

    /** Per target, the newest committed backup not removed since, with the count of such backups. */
    static Map<String, StoredBackup> stored(Connection c) throws SQLException {
        Map<String, StoredBackup> result = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.target, t.run_id, r.started_at, t.finished_at,"
                + " t.bytes, t.verified_with, n.count FROM target_commits t JOIN runs r ON r.id = t.run_id"
                + " JOIN (SELECT target, COUNT(*) AS count, MAX(run_id) AS newest FROM target_commits"
                + " WHERE outcome = 'committed' AND removed_at IS NULL GROUP BY target) n"
                + " ON n.target = t.target AND n.newest = t.run_id ORDER BY t.target");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long bytes = rs.getLong(5);
                Long stored = rs.wasNull() ? null : bytes;
                result.put(rs.getString(1), new StoredBackup(rs.getString(1), rs.getString(2), Db.instant(rs.getString(3)),
                        Db.instant(rs.getString(4)), stored, rs.getString(6), rs.getInt(7)));
            }
        }
        return result;
    }

    static Map<RunOutcome, Long> outcomeCounts(Connection c) throws SQLException {
        Map<RunOutcome, Long> counts = new EnumMap<>(RunOutcome.class);
        try (PreparedStatement ps = c.prepareStatement("SELECT outcome, COUNT(*) FROM runs GROUP BY outcome");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(RunOutcome.ofWord(rs.getString(1)), rs.getLong(2));
            }
        }
        return counts;
    }

    private static String prefixed(String columns) {
        return "x." + columns.replace(", ", ", x.");
    }
}
