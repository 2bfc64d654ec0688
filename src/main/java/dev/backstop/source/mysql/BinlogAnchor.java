package dev.backstop.source.mysql;

import dev.backstop.source.mysql.MysqlGrants.Privilege;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which options make the dump tool write, as comments in the dump's header, the binary-log file,
 * position and GTID of the dump's own snapshot: the place from which archived log segments replay
 * on top of the dump. Nothing when the server writes no binary log. MariaDB's mariadb-dump reads
 * the position consistently within {@code --single-transaction} and needs no further privilege;
 * MySQL's mysqldump needs RELOAD and REPLICATION CLIENT, and without them the dump goes on with a
 * warning naming the GRANT instead of failing.
 */
final class BinlogAnchor {

    static final List<String> MARIADB = List.of("--master-data=2", "--gtid");
    /** MySQL 8.0.26 renamed the option; older mysqldump knows only {@code --master-data}. */
    static final List<String> MYSQL = List.of("--source-data=2");
    static final List<String> MYSQL_OLD = List.of("--master-data=2");

    private BinlogAnchor() {
    }

    /** @param warn receives the warning when the account may not read the position */
    static List<String> options(MysqlAccount account, Consumer<String> warn) {
        if (!account.logBin()) {
            return List.of();
        }
        if (account.mariadb()) {
            return MARIADB;
        }
        Set<Privilege> global = account.grants().global();
        if (!global.contains(Privilege.RELOAD) || !global.contains(Privilege.REPLICATION_CLIENT)) {
            warn.accept("the dump records no binary-log position, since user "
                    + account.grantee() + " may not read it; run GRANT RELOAD, REPLICATION CLIENT ON *.* TO "
                    + account.grantee() + " so that archived log segments can be replayed after this dump");
            return List.of();
        }
        return newMysql(account.version()) ? MYSQL : MYSQL_OLD;
    }

    /** 8.0.26 or later: {@code --source-data}. */
    static boolean newMysql(String version) {
        String[] parts = version.split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            int patch = Integer.parseInt(parts[2]);
            return major > 8 || major == 8 && (minor > 0 || patch >= 26);
        } catch (RuntimeException e) {
            return true; // an unknown form is a newer server
        }
    }
}
