package dev.backstop.source.mysql;

import dev.backstop.source.SqlRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the server tells the account of a mysql source about itself and one database, read in one
 * client invocation before the dump.
 *
 * @param user        {@code CURRENT_USER()}, as {@code user@host}
 * @param version     {@code VERSION()}
 * @param ignoreCase  {@code lower_case_table_names} is not 0: names compare without case
 * @param logBin      {@code @@log_bin}: the server writes binary logs
 * @param grants      the lines of {@code SHOW GRANTS}
 * @param tables      {@code SHOW FULL TABLES}: every table, view and sequence the account can list,
 *                    with its type ({@code BASE TABLE}, {@code VIEW}, {@code SEQUENCE})
 */
record MysqlAccount(String user, String version, boolean ignoreCase, boolean logBin, MysqlGrants grants,
                    SortedMap<String, String> tables) {

    /**
     * Reads the account as the server sees it, and the tables it can list in {@code database}; one
     * client invocation.
     *
     * @param source the source's name, for messages
     * @throws IOException the client failed: the message names the source and the database and
     *                     holds the client's stderr (access denied, unknown database)
     */
    static MysqlAccount read(SqlRunner sql, String source, String database) throws IOException, InterruptedException {
        List<List<String>> rows = sql.rows(null, "SELECT CURRENT_USER(), VERSION(), @@lower_case_table_names, @@log_bin;\n"
                + "SHOW GRANTS;\n"
                + "SHOW FULL TABLES FROM " + MysqlClient.quote(database) + ";\n",
                "read the grants and the tables of database '" + database + "' from");
        if (rows.isEmpty() || rows.get(0).size() != 4) {
            throw new IOException("source " + source + ": the client printed no account for the query of"
                    + " CURRENT_USER(); is " + sql.program() + " a MariaDB or MySQL client?");
        }
        List<String> grants = new ArrayList<>();
        SortedMap<String, String> tables = new TreeMap<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            if (row.size() == 1) {
                grants.add(row.get(0)); // SHOW GRANTS has one column, SHOW FULL TABLES two
            } else {
                tables.put(row.get(0), row.get(1));
            }
        }
        List<String> first = rows.get(0);
        return new MysqlAccount(first.get(0), first.get(1), !first.get(2).equals("0"), first.get(3).equals("1"),
                MysqlGrants.parse(grants), tables);
    }

    boolean mariadb() {
        return version.contains("MariaDB");
    }

    /** The account as GRANT names it: {@code 'bk'@'localhost'}. */
    String grantee() {
        int at = user.lastIndexOf('@');
        String name = at < 0 ? user : user.substring(0, at);
        return at < 0 ? MysqlClient.literal(name)
                : MysqlClient.literal(name) + "@" + MysqlClient.literal(user.substring(at + 1));
    }
}
