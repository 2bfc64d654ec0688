package dev.backstop.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A {@link DatabaseServer} reached through the SQL program of a {@link DatabaseClient}: the
 * shape every family shares (run a statement, read its lines, count rows table by table in one
 * query). A family adds only its SQL text and its quirks. Thread-safe.
 */
public abstract class ClientDatabaseServer implements DatabaseServer {

    private final SqlRunner sql;
    private final String serverDatabase;

    /**
     * @param serverDatabase where statements about databases (list, create, drop) run: null for
     *                       none, or the family's maintenance database
     */
    protected ClientDatabaseServer(SqlRunner sql, String serverDatabase) {
        this.sql = sql;
        this.serverDatabase = serverDatabase;
    }

    /** Lists database names matching a LIKE pattern, given as a quoted literal, sorted. */
    protected abstract String listDatabases(String likeLiteral);

    /** Selects a row when the database exists, none when not. */
    protected abstract String findDatabase(String database);

    /** Creates an empty database that a dump of this family loads into unchanged. */
    protected abstract String createDatabase(String database);

    /** Drops a database if it exists, whoever is connected to it. */
    protected abstract String dropDatabase(String database);

    /** The tables whose rows a dump holds, named as the family's dump scanner names them, sorted. */
    protected abstract List<String> tables(String database) throws IOException, InterruptedException;

    /** {@code COUNT(*) FROM} the table, in the family's SQL. */
    protected abstract String countFrom(String table);

    /** The values of a statement's one-column result; for {@link #tables}. */
    protected final List<String> values(String database, String statement) throws IOException, InterruptedException {
        return sql.values(database, statement);
    }

    @Override
    public String client() throws IOException {
        return sql.program().getFileName().toString();
    }

    @Override
    public List<String> databases(String prefix) throws IOException, InterruptedException {
        if (!prefix.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("a database name prefix holds only letters, digits and _: " + prefix);
        }
        return sql.values(serverDatabase, listDatabases("'" + prefix.replace("_", "\\_") + "%'"));
    }

    @Override
    public boolean exists(String database) throws IOException, InterruptedException {
        return !sql.values(serverDatabase, findDatabase(database)).isEmpty();
    }

    @Override
    public void create(String database) throws IOException, InterruptedException {
        sql.values(serverDatabase, createDatabase(database));
    }

    @Override
    public void drop(String database) throws IOException, InterruptedException {
        sql.values(serverDatabase, dropDatabase(database));
    }

    @Override
    public void load(String database, Path sqlFile) throws IOException, InterruptedException {
        sql.run(database, sqlFile, "load " + sqlFile.getFileName() + " into", null);
    }

    @Override
    public SortedMap<String, Long> countRows(String database) throws IOException, InterruptedException {
        List<String> tables = tables(database);
        SortedMap<String, Long> rows = new TreeMap<>();
        if (tables.isEmpty()) {
            return rows;
        }
        // one query, each count tagged with its table's index, so a table name never needs parsing
        StringBuilder union = new StringBuilder();
        for (int i = 0; i < tables.size(); i++) {
            union.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i).append(", ")
                    .append(countFrom(tables.get(i)));
        }
        for (List<String> row : sql.rows(database, union + ";\n", "query")) {
            rows.put(tables.get(Integer.parseInt(row.get(0))), Long.parseLong(row.get(1)));
        }
        return rows;
    }
}
