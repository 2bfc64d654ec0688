package dev.backstop.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Statement helpers shared by the SQL classes of each table ({@code RunRows}, {@code CommitRows}, ...). */
final class HistoryQueries {

    private HistoryQueries() {
    }

    /** Makes one value of the current row. */
    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Every row that {@code sql} selects, in order, made into values by {@code row}. */
    static <T> List<T> list(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<T> values = new ArrayList<>();
            while (rs.next()) {
                values.add(row.read(rs));
            }
            return values;
        }
    }

    /** The first column of every row that {@code sql} selects, as text. */
    static List<String> strings(Connection c, String sql, Object... args) throws SQLException {
        return list(c, sql, rs -> rs.getString(1), args);
    }

    /** A statement with {@code args} bound in order; the caller closes it. */
    static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
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
