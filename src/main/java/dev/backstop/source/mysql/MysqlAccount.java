package dev.backstop.source.mysql;

import java.util.SortedMap;

/**
 * What the server tells the account of a mysql source about itself and one database, read in one
 * client invocation before the dump.
 *
 * @param user        {@code CURRENT_USER()}, as {@code user@host}
 * @param version     {@code VERSION()}
 * @param ignoreCase  {@code lower_case_table_names} is not 0: names compare without case
 * @param grants      the lines of {@code SHOW GRANTS}
 * @param tables      {@code SHOW FULL TABLES}: every table, view and sequence the account can list,
 *                    with its type ({@code BASE TABLE}, {@code VIEW}, {@code SEQUENCE})
 */
record MysqlAccount(String user, String version, boolean ignoreCase, MysqlGrants grants,
                    SortedMap<String, String> tables) {

    boolean mariadb() {
        return version.contains("MariaDB");
    }

    /** The account as GRANT names it: {@code 'bk'@'localhost'}. */
    String grantee() {
        int at = user.lastIndexOf('@');
        String name = at < 0 ? user : user.substring(0, at);
        return at < 0 ? literal(name) : literal(name) + "@" + literal(user.substring(at + 1));
    }

    private static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
