package dev.backstop.source.mysql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The privileges of the current account as {@code SHOW GRANTS} prints them, reduced to those that
 * decide what mariadb-dump/mysqldump can read of a database. On MariaDB the output holds the
 * account's own grants and those of its active (default) role and the roles that role holds,
 * which is exactly what the dump's session has. Pure.
 *
 * <p>Doubt never adds a privilege: a GRANT line it cannot read counts as nothing, a REVOKE line
 * it cannot read as revoking everything, column and routine grants as nothing database-wide.
 */
final class MysqlGrants {

    /** The privileges that matter to a dump; any other is ignored. */
    enum Privilege {
        SELECT("SELECT"), SHOW_VIEW("SHOW VIEW"), TRIGGER("TRIGGER"), EVENT("EVENT"), EXECUTE("EXECUTE"),
        ALTER_ROUTINE("ALTER ROUTINE"), CREATE_ROUTINE("CREATE ROUTINE"),
        SHOW_CREATE_ROUTINE("SHOW CREATE ROUTINE"), // MariaDB 11.3+
        SHOW_ROUTINE("SHOW_ROUTINE"), // MySQL 8.0.20+, global only
        // what mysqldump --source-data needs on MySQL to read the binary-log position
        RELOAD("RELOAD"), REPLICATION_CLIENT("REPLICATION CLIENT");

        final String sql;

        Privilege(String sql) {
            this.sql = sql;
        }

        static Privilege named(String sql) {
            for (Privilege p : values()) {
                if (p.sql.equals(sql)) {
                    return p;
                }
            }
            return null;
        }
    }

    /**
     * One line of SHOW GRANTS: privileges on {@code *.*} (database null), on the databases a
     * pattern matches (table null), or on one table.
     *
     * @param grantee {@code user@host} or a role; null for a REVOKE line that could not be read
     */
    record Grant(String grantee, boolean revoke, Set<Privilege> privileges, String database, String table) {

        boolean global() {
            return database == null;
        }

        boolean databaseLevel() {
            return database != null && table == null;
        }
    }

    private final List<Grant> grants;

    private MysqlGrants(List<Grant> grants) {
        this.grants = List.copyOf(grants);
    }

    /** Reads the lines of {@code SHOW GRANTS}, already unescaped from the client's batch mode. */
    static MysqlGrants parse(List<String> lines) {
        List<Grant> grants = new ArrayList<>();
        for (String line : lines) {
            Grant grant = GrantLine.parse(line);
            if (grant != null) {
                grants.add(grant);
            }
        }
        return new MysqlGrants(grants);
    }

    List<Grant> grants() {
        return grants;
    }

    /**
     * The privileges that hold for every object of {@code database}: global ones, and those of
     * database-level grants whose pattern matches it, per grantee, joined over the account and its
     * active roles. The server applies only one database-level grant per grantee (the most
     * specific match, so {@code `shop`.*} hides {@code `shop%`.*}), hence only the privileges that
     * every matching grant of a grantee holds are counted.
     *
     * @param ignoreCase the server's {@code lower_case_table_names} is not 0
     */
    Set<Privilege> onDatabase(String database, boolean ignoreCase) {
        Set<Privilege> all = EnumSet.noneOf(Privilege.class);
        for (String grantee : grantees()) {
            Set<Privilege> global = EnumSet.noneOf(Privilege.class);
            Set<Privilege> level = null;
            for (Grant g : grants) {
                if (g.revoke() || !grantee.equals(g.grantee())) {
                    continue;
                }
                if (g.global()) {
                    global.addAll(g.privileges());
                } else if (g.databaseLevel() && matches(g.database(), database, ignoreCase)) {
                    if (level == null) {
                        level = EnumSet.noneOf(Privilege.class);
                        level.addAll(g.privileges());
                    } else {
                        level.retainAll(g.privileges());
                    }
                }
            }
            Set<Privilege> granted = EnumSet.copyOf(global);
            if (level != null) {
                granted.addAll(level);
            }
            for (Grant r : grants) {
                if (r.revoke() && (r.grantee() == null || grantee.equals(r.grantee()))
                        && (r.database() == null || sameName(r.database(), database, ignoreCase))) {
                    granted.removeAll(r.privileges()); // MySQL's partial revokes
                }
            }
            all.addAll(granted);
        }
        return all;
    }

    /** SELECT on one table, from any level. */
    boolean canSelect(String database, String table, boolean ignoreCase) {
        if (onDatabase(database, ignoreCase).contains(Privilege.SELECT)) {
            return true;
        }
        return grants.stream().anyMatch(g -> !g.revoke() && g.table() != null && g.privileges().contains(Privilege.SELECT)
                && sameName(g.database(), database, ignoreCase) && sameName(g.table(), table, ignoreCase));
    }

    /** The privileges granted on {@code *.*}, to the account or an active role. */
    Set<Privilege> global() {
        Set<Privilege> global = EnumSet.noneOf(Privilege.class);
        grants.stream().filter(g -> !g.revoke() && g.global()).forEach(g -> global.addAll(g.privileges()));
        grants.stream().filter(g -> g.revoke() && g.global()).forEach(g -> global.removeAll(g.privileges()));
        return global;
    }

    /** The database-level grants of {@code grantee} whose pattern matches {@code database}, in order. */
    List<Grant> matching(String grantee, String database, boolean ignoreCase) {
        return grants.stream().filter(g -> !g.revoke() && g.databaseLevel() && grantee.equals(g.grantee())
                && matches(g.database(), database, ignoreCase)).toList();
    }

    private Set<String> grantees() {
        Set<String> names = new LinkedHashSet<>();
        grants.stream().filter(g -> g.grantee() != null).forEach(g -> names.add(g.grantee()));
        return Collections.unmodifiableSet(names);
    }

    /**
     * Whether a database-level grant's name matches, as the server compares them: {@code _} is
     * any one character, {@code %} any run, a backslash makes the next character literal.
     */
    static boolean matches(String pattern, String name, boolean ignoreCase) {
        if (ignoreCase) {
            pattern = pattern.toLowerCase(Locale.ROOT);
            name = name.toLowerCase(Locale.ROOT);
        }
        return matches(pattern, 0, name, 0);
    }

    private static boolean matches(String p, int i, String s, int j) {
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '%') {
                for (int k = j; k <= s.length(); k++) {
                    if (matches(p, i + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (j >= s.length()) {
                return false;
            }
            if (c == '\\' && i + 1 < p.length()) {
                if (s.charAt(j) != p.charAt(++i)) {
                    return false;
                }
            } else if (c != '_' && c != s.charAt(j)) {
                return false;
            }
            i++;
            j++;
        }
        return j == s.length();
    }

    private static boolean sameName(String a, String b, boolean ignoreCase) {
        return ignoreCase ? a.equalsIgnoreCase(b) : a.equals(b);
    }
}
