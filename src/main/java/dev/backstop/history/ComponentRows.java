package dev.backstop.history;

import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ComponentIncrement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** SQL of the {@code components} and {@code table_rows} tables: what each source of a run produced. */
final class ComponentRows {

    private ComponentRows() {
    }

    /** Records a component with its per-table row counts, replacing one of the same name. */
    static void replace(Connection c, String runId, ComponentEntry entry) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM components WHERE run_id = ? AND name = ?")) {
            del.setString(1, runId);
            del.setString(2, entry.name());
            del.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO components (" + Rows.COMPONENT_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
            ComponentIncrement chain = entry.incremental();
            Rows.setNullableLong(ps, 11, chain == null ? null : (long) chain.level());
            ps.setString(12, chain == null ? null : chain.base());
            ps.setString(13, chain == null ? null : chain.previous());
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
    }

    /** The components of a run with their table rows, by name. */
    static List<ComponentRecord> of(Connection c, String runId) throws SQLException {
        Map<String, SortedMap<String, Long>> tables = new HashMap<>();
        try (PreparedStatement ps = HistoryQueries.prepare(c,
                "SELECT component, table_name, row_count FROM table_rows WHERE run_id = ?", runId);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tables.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
            }
        }
        return HistoryQueries.list(c, "SELECT " + Rows.COMPONENT_COLUMNS + " FROM components WHERE run_id = ?"
                + " ORDER BY name", rs -> Rows.component(rs, tables.getOrDefault(rs.getString("name"), new TreeMap<>())),
                runId);
    }
}
