package dev.backstop.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.backstop.core.ComponentIncrement;
import dev.backstop.core.Json;
import dev.backstop.core.ManifestFormat;
import dev.backstop.core.RunOutcome;
import dev.backstop.core.SourceFacts;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.SortedMap;

/** Conversions between rows and records, in one place so every query reads columns alike. */
final class Rows {

    static final String RUN_COLUMNS =
            "id, host, started_at, finished_at, pid, outcome, exit_code, reason, bytes, accepted_at";
    static final String COMPONENT_COLUMNS =
            "run_id, name, type, file, compression, bytes, raw_bytes, sha256, duration_ms, facts_json, chain_level,"
                    + " chain_base, chain_previous";
    static final String COMMIT_COLUMNS =
            "target, outcome, path, verified_with, bytes, reason, finished_at, removed_at";

    // One line per row: the facts are meant for machines and the sqlite3 shell alike.
    private static final ObjectWriter FACTS_WRITER = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);
    // the manifest's facts, read by the manifest's rule: fields a newer backstop added are ignored
    private static final ObjectReader FACTS_READER = ManifestFormat.reader(SourceFacts.class);

    private Rows() {
    }

    static RunRecord run(ResultSet rs) throws SQLException {
        return new RunRecord(
                rs.getString("id"),
                rs.getString("host"),
                Db.instant(rs.getString("started_at")),
                Db.instant(rs.getString("finished_at")),
                rs.getLong("pid"),
                RunOutcome.ofWord(rs.getString("outcome")),
                nullableInt(rs, "exit_code"),
                rs.getString("reason"),
                nullableLong(rs, "bytes"),
                Db.instant(rs.getString("accepted_at")));
    }

    static ComponentRecord component(ResultSet rs, SortedMap<String, Long> tableRows) throws SQLException {
        return new ComponentRecord(
                rs.getString("run_id"),
                rs.getString("name"),
                rs.getString("type"),
                rs.getString("file"),
                rs.getString("compression"),
                rs.getLong("bytes"),
                rs.getLong("raw_bytes"),
                rs.getString("sha256"),
                rs.getLong("duration_ms"),
                facts(rs.getString("facts_json"), rs.getString("run_id"), rs.getString("name")),
                tableRows,
                increment(rs));
    }

    private static ComponentIncrement increment(ResultSet rs) throws SQLException {
        Integer level = nullableInt(rs, "chain_level");
        return level == null ? null : new ComponentIncrement(level, rs.getString("chain_base"),
                rs.getString("chain_previous"));
    }

    static TargetCommitRecord commit(ResultSet rs) throws SQLException {
        return new TargetCommitRecord(
                rs.getString("target"),
                TargetCommitRecord.Outcome.ofWord(rs.getString("outcome")),
                rs.getString("path"),
                rs.getString("verified_with"),
                nullableLong(rs, "bytes"),
                rs.getString("reason"),
                Db.instant(rs.getString("finished_at")),
                Db.instant(rs.getString("removed_at")));
    }

    static String factsJson(SourceFacts facts) {
        if (facts == null) {
            return null;
        }
        try {
            return FACTS_WRITER.writeValueAsString(facts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("source facts always serialize", e);
        }
    }

    private static SourceFacts facts(String json, String runId, String component) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return FACTS_READER.readValue(json);
        } catch (JsonProcessingException e) {
            throw new SQLException("facts_json of run " + runId + " component " + component
                    + " is not valid source facts: " + e.getOriginalMessage(), e);
        }
    }

    static void setNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, value);
        }
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
