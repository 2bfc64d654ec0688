package dev.backstop.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.SourceException;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MysqlAccessCheckTest {

    static final String MARIADB = "10.11.19-MariaDB-0+deb12u1";

    @Test
    void findings_tableLevelGrant_tablesTriggersRoutinesWithTheGrantThatFixesThem() {
        MysqlAccessCheck check = check(MARIADB, "shop",
                "GRANT USAGE ON *.* TO `bk`@`localhost`",
                "GRANT SELECT ON `shop`.`users` TO `bk`@`localhost`",
                "GRANT EVENT ON `shop`.* TO `bk`@`localhost`");

        MysqlAccessCheck.Findings findings = check.findings();

        assertThat(findings.omitted()).hasSize(3);
        assertThat(findings.omitted().get(0)).contains("no SELECT privilege").contains("it can list only `users`");
        assertThat(findings.omitted().get(1)).contains("triggers");
        assertThat(findings.omitted().get(2)).contains("procedures and functions").contains("SELECT on mysql.proc");
        assertThat(findings.fixes()).containsExactly(
                "GRANT SELECT, SHOW VIEW, TRIGGER ON `shop`.* TO 'bk'@'localhost'",
                "GRANT SELECT ON `mysql`.`proc` TO 'bk'@'localhost'");
    }

    @Test
    void requireWholeDatabase_tableLevelGrant_messageNamesSourceUserDatabaseAndGrant() {
        MysqlAccessCheck check = check(MARIADB, "shop",
                "GRANT SELECT ON `shop`.`users` TO `bk`@`localhost`");

        assertThatThrownBy(check::requireWholeDatabase)
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("source appdb: user 'bk'@'localhost' may not read all of database 'shop'")
                .hasMessageContaining("without any error: the tables and views it holds no SELECT privilege on")
                .hasMessageEndingWith("run again: GRANT SELECT, SHOW VIEW, TRIGGER, EVENT ON `shop`.* TO 'bk'@'localhost';"
                        + " GRANT SELECT ON `mysql`.`proc` TO 'bk'@'localhost';");
    }

    @Test
    void findings_usualBackupGrantWithoutRoutineAccess_onlyRoutines() {
        MysqlAccessCheck check = check(MARIADB, "shop",
                "GRANT SELECT, LOCK TABLES, SHOW VIEW, EVENT, TRIGGER ON `shop`.* TO `bk`@`localhost`");

        MysqlAccessCheck.Findings findings = check.findings();

        assertThat(findings.omitted()).singleElement().asString().contains("procedures and functions");
        assertThat(findings.fixes()).containsExactly("GRANT SELECT ON `mysql`.`proc` TO 'bk'@'localhost'");
    }

    @Test
    void findings_databaseGrantAndRoutineAccess_nothing() {
        assertThat(check(MARIADB, "shop",
                "GRANT SELECT, SHOW VIEW, EVENT, TRIGGER ON `shop`.* TO `bk`@`localhost`",
                "GRANT SELECT ON `mysql`.`proc` TO `bk`@`localhost`").findings().omitted()).isEmpty();
        assertThat(check(MARIADB, "shop",
                "GRANT SELECT, SHOW VIEW, EVENT, TRIGGER ON `shop`.* TO `bk`@`localhost`",
                "GRANT SELECT ON `mysql`.* TO `bk`@`localhost`").findings().omitted()).isEmpty();
    }

    @Test
    void findings_allOnTheDatabase_nothingSinceTheToolFailsLoudlyOnARoutineItCannotRead() {
        assertThat(check(MARIADB, "shop", "GRANT ALL PRIVILEGES ON `shop`.* TO `app`@`localhost`")
                .findings().omitted()).isEmpty();
    }

    @Test
    void findings_globalGrants_nothing() {
        assertThat(check(MARIADB, "shop", "GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION")
                .findings().omitted()).isEmpty();
        assertThat(check(MARIADB, "shop", "GRANT SELECT, SHOW VIEW, TRIGGER ON *.* TO `bk`@`%`")
                .findings().omitted()).isEmpty();
    }

    @Test
    void findings_noTriggerPrivilege_triggersWithGrantOnTheMatchingPattern() {
        MysqlAccessCheck check = check(MARIADB, "shop_prod",
                "GRANT SELECT, SHOW VIEW, EVENT ON `shop%`.* TO `bk`@`localhost`",
                "GRANT SELECT ON `mysql`.`proc` TO `bk`@`localhost`");

        MysqlAccessCheck.Findings findings = check.findings();

        assertThat(findings.omitted()).singleElement().asString().contains("triggers");
        assertThat(findings.fixes()).containsExactly("GRANT TRIGGER ON `shop%`.* TO 'bk'@'localhost'");
    }

    @Test
    void findings_exactGrantHidingWildcardOne_explainsAndFixesBoth() {
        MysqlAccessCheck check = check(MARIADB, "shop",
                "GRANT SELECT, SHOW VIEW, EVENT, TRIGGER ON `sho%`.* TO `bk`@`localhost`",
                "GRANT EVENT ON `shop`.* TO `bk`@`localhost`",
                "GRANT SELECT ON `mysql`.`proc` TO `bk`@`localhost`");

        MysqlAccessCheck.Findings findings = check.findings();

        assertThat(findings.omitted()).hasSize(2);
        assertThat(findings.notes()).singleElement().asString()
                .contains("`sho%`.*, `shop`.*").contains("only the most specific one");
        assertThat(findings.fixes()).containsExactly("GRANT SELECT, SHOW VIEW, TRIGGER ON `shop`.* TO 'bk'@'localhost'");
    }

    @Test
    void findings_mysql8_asksForShowRoutine() {
        MysqlAccessCheck check = check("8.0.40", "shop",
                "GRANT USAGE ON *.* TO `bk`@`localhost`",
                "GRANT SELECT, SHOW VIEW, EVENT, TRIGGER, EXECUTE ON `shop`.* TO `bk`@`localhost`");

        MysqlAccessCheck.Findings findings = check.findings();

        assertThat(findings.omitted()).singleElement().asString().contains("SHOW_ROUTINE");
        assertThat(findings.fixes()).containsExactly("GRANT SHOW_ROUTINE ON *.* TO 'bk'@'localhost'");
        assertThat(check("8.0.40", "shop", "GRANT SELECT, SHOW VIEW, EVENT, TRIGGER ON `shop`.* TO `bk`@`localhost`",
                "GRANT SHOW_ROUTINE ON *.* TO `bk`@`localhost`").findings().omitted()).isEmpty();
    }

    @Test
    void requireListedTables_baseTableNotInTheDump_failsNamingIt() {
        MysqlAccessCheck check = check(MARIADB, "shop", "GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost`");

        assertThatThrownBy(() -> check.requireListedTables(Set.of("users")))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("source appdb: the dump of database 'shop' lacks table `orders`, which user"
                        + " 'root'@'localhost' can list")
                .hasMessageContaining("ignore-table");
        assertThatCode(() -> check.requireListedTables(Set.of("users", "orders"))).doesNotThrowAnyException();
    }

    @Test
    void grantee_quotesUserAndHost() {
        MysqlAccount account = new MysqlAccount("o'neil@10.0.%", MARIADB, false, false, MysqlGrants.parse(List.of()),
                new TreeMap<>());

        assertThat(account.grantee()).isEqualTo("'o\\'neil'@'10.0.%'");
    }

    /** The account bk@localhost (or the grantee of the first line) sees tables users, orders, a view and a sequence. */
    static MysqlAccessCheck check(String version, String database, String... grants) {
        String user = grants[0].substring(grants[0].lastIndexOf(" TO ") + 4).split(" ")[0].replace("`", "");
        TreeMap<String, String> tables = new TreeMap<>();
        tables.put("users", "BASE TABLE");
        if (grants[0].contains("*.*") && grants[0].contains("ALL")) {
            tables.put("orders", "BASE TABLE");
            tables.put("v_users", "VIEW");
            tables.put("seq", "SEQUENCE");
        }
        return new MysqlAccessCheck("appdb", database, new MysqlAccount(user, version, false, false,
                MysqlGrants.parse(List.of(grants)), tables));
    }
}
