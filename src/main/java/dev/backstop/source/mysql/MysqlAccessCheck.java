package dev.backstop.source.mysql;

import dev.backstop.core.SourceException;
import dev.backstop.source.mysql.MysqlGrants.Grant;
import dev.backstop.source.mysql.MysqlGrants.Privilege;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether the dump of a mysql source's account can hold the whole database. mariadb-dump and
 * mysqldump dump what the account may see, exit 0 and write their completion trailer, and leave
 * out without a word the tables the account holds no SELECT privilege on (the server hides them
 * from SHOW TABLES and information_schema as well), the triggers when it lacks TRIGGER, and the
 * stored routines it may not read. A missing SHOW VIEW or EVENT privilege makes the tool fail on
 * its own, and {@code --single-transaction} needs no LOCK TABLES. So the grants are judged before
 * the dump, and after it every table the account can list must be in it.
 */
final class MysqlAccessCheck {

    /** Table types whose rows a dump holds (MariaDB lists a table WITH SYSTEM VERSIONING as the latter). */
    private static final Set<String> HOLDS_ROWS = Set.of("BASE TABLE", "SYSTEM VERSIONED");

    /** What a dump would leave out, why, and the statements that would let it read everything. */
    record Findings(List<String> omitted, List<String> notes, List<String> fixes) {
    }

    /** The database-level privileges a dump uses; the ones missing go into the suggested GRANT. */
    private static final Set<Privilege> DUMP = EnumSet.of(Privilege.SELECT, Privilege.SHOW_VIEW, Privilege.TRIGGER,
            Privilege.EVENT);
    /** On MariaDB any of these lists every routine of the database, so the tool fails loudly on one it cannot read. */
    private static final Set<Privilege> LISTS_ROUTINES = EnumSet.of(Privilege.EXECUTE, Privilege.ALTER_ROUTINE,
            Privilege.CREATE_ROUTINE, Privilege.SHOW_CREATE_ROUTINE);

    private final String source;
    private final String database;
    private final MysqlAccount account;

    MysqlAccessCheck(String source, String database, MysqlAccount account) {
        this.source = source;
        this.database = database;
        this.account = account;
    }

    /** The account and server as read before the dump. */
    MysqlAccount account() {
        return account;
    }

    /**
     * Before the dump.
     *
     * @throws SourceException the grants let the dump leave something out silently; the message
     *                         names the source, the account, the database, what would be missing
     *                         and the GRANT statements that fix it
     */
    void requireWholeDatabase() throws SourceException {
        Findings findings = findings();
        if (findings.omitted().isEmpty()) {
            return;
        }
        throw new SourceException("source " + source + ": user " + account.grantee() + " may not read all of database '"
                + database + "', so its dump would lack, without any error: " + String.join("; ", findings.omitted())
                + ". " + findings.notes().stream().map(n -> n + ". ").collect(Collectors.joining())
                + "Grant what is missing (as an administrator) and run again: "
                + findings.fixes().stream().map(f -> f + ";").collect(Collectors.joining(" ")));
    }

    /**
     * After a dump the tool called complete.
     *
     * @param dumped the tables whose CREATE TABLE the dump holds
     * @throws SourceException a base table the account lists is not in the dump
     */
    void requireListedTables(Set<String> dumped) throws SourceException {
        Set<String> have = dumped.stream().map(this::key).collect(Collectors.toSet());
        List<String> lacking = account.tables().entrySet().stream()
                .filter(e -> HOLDS_ROWS.contains(e.getValue()) && !have.contains(key(e.getKey())))
                .map(e -> MysqlClient.quote(e.getKey())).toList();
        if (lacking.isEmpty()) {
            return;
        }
        throw new SourceException("source " + source + ": the dump of database '" + database + "' lacks "
                + (lacking.size() == 1 ? "table " : lacking.size() + " tables: ") + String.join(", ", lacking)
                + ", which user " + account.grantee() + " can list (SHOW FULL TABLES), although the dump tool reported"
                + " success. An ignore-table setting in an option file ([mysqldump] or [mariadb-dump]) or a dump_command"
                + " that filters tables leaves tables out; a table dropped just as the dump started shows here too"
                + " and passes on the next run");
    }

    /** What the grants let the dump leave out; empty lists when nothing. Pure. */
    Findings findings() {
        MysqlGrants grants = account.grants();
        Set<Privilege> have = grants.onDatabase(database, account.ignoreCase());
        List<String> omitted = new ArrayList<>();
        if (!have.contains(Privilege.SELECT)) {
            omitted.add("the tables and views it holds no SELECT privilege on, which the server hides from it in SHOW"
                    + " TABLES and information_schema as well (it can list " + listed() + ")");
        }
        if (!have.contains(Privilege.TRIGGER)) {
            omitted.add("the triggers, which it sees only with the TRIGGER privilege");
        }
        boolean routines = routinesReadable(have);
        if (!routines) {
            omitted.add("the stored procedures and functions, which it reads only with " + (mysqlProc()
                    ? "SELECT on mysql.proc" : "the SHOW_ROUTINE privilege"));
        }
        List<String> notes = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        if (omitted.isEmpty()) {
            return new Findings(omitted, notes, fixes);
        }
        Set<Privilege> missing = EnumSet.copyOf(DUMP);
        missing.removeAll(have);
        if (!have.contains(Privilege.SELECT) || !have.contains(Privilege.TRIGGER)) {
            List<Grant> own = grants.matching(account.user(), database, account.ignoreCase());
            if (own.size() > 1) {
                notes.add("Several database-level grants of the account match '" + database + "' (" + own.stream()
                        .map(g -> MysqlClient.quote(g.database()) + ".*").collect(Collectors.joining(", "))
                        + "); the server applies only the most specific one, so only the privileges they all hold count");
            }
            if (own.isEmpty()) {
                fixes.add(grant(missing, MysqlClient.quote(database) + ".*"));
            }
            for (Grant g : own) {
                Set<Privilege> lacking = EnumSet.copyOf(missing);
                lacking.removeAll(g.privileges());
                if (!lacking.isEmpty()) {
                    fixes.add(grant(lacking, MysqlClient.quote(g.database()) + ".*"));
                }
            }
        }
        if (!routines) {
            fixes.add(routineGrant(" TO " + account.grantee()));
        }
        return new Findings(omitted, notes, fixes);
    }

    private boolean routinesReadable(Set<Privilege> have) {
        MysqlGrants grants = account.grants();
        if (grants.global().contains(Privilege.SELECT) || grants.global().contains(Privilege.SHOW_ROUTINE)) {
            return true;
        }
        if (!mysqlProc()) {
            return false; // MySQL 8 reads routines with global SELECT or SHOW_ROUTINE only
        }
        return grants.canSelect("mysql", "proc", account.ignoreCase())
                || account.mariadb() && have.stream().anyMatch(LISTS_ROUTINES::contains);
    }

    /** MariaDB and MySQL 5 keep routines in mysql.proc; MySQL 8 has none. */
    private boolean mysqlProc() {
        return account.mariadb() || account.version().startsWith("5.");
    }

    /** The grant that lets the account read every routine on this server. */
    private String routineGrant(String to) {
        return (mysqlProc() ? "GRANT SELECT ON `mysql`.`proc`" : "GRANT SHOW_ROUTINE ON *.*") + to;
    }

    private String grant(Set<Privilege> privileges, String on) {
        return "GRANT " + privileges.stream().map(p -> p.sql).collect(Collectors.joining(", ")) + " ON " + on + " TO "
                + account.grantee();
    }

    private String listed() {
        List<String> tables = account.tables().keySet().stream().map(MysqlClient::quote).toList();
        if (tables.isEmpty()) {
            return "none";
        }
        return tables.size() <= 10 ? "only " + String.join(", ", tables)
                : "only " + tables.size() + " tables and views";
    }

    private String key(String table) {
        return account.ignoreCase() ? table.toLowerCase(Locale.ROOT) : table;
    }
}
