package dev.backstop.source.mysql;

import static dev.backstop.source.mysql.MysqlGrants.Privilege.ALTER_ROUTINE;
import static dev.backstop.source.mysql.MysqlGrants.Privilege.EVENT;
import static dev.backstop.source.mysql.MysqlGrants.Privilege.EXECUTE;
import static dev.backstop.source.mysql.MysqlGrants.Privilege.SELECT;
import static dev.backstop.source.mysql.MysqlGrants.Privilege.SHOW_VIEW;
import static dev.backstop.source.mysql.MysqlGrants.Privilege.TRIGGER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.source.mysql.MysqlGrants.Grant;
import dev.backstop.source.mysql.MysqlGrants.Privilege;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SHOW GRANTS lines as MariaDB 10.11 printed them for test accounts, and MySQL 8's forms. */
class MysqlGrantsTest {

    static final List<String> MARIADB_MIXED = List.of(
            "GRANT RELOAD, SHOW DATABASES ON *.* TO `gx_u`@`localhost` IDENTIFIED BY PASSWORD '*D821809F681A40A6E379B50D0463EFAE20BDD122'",
            "GRANT SELECT ON `we``ird.db`.* TO `gx_u`@`localhost` WITH GRANT OPTION",
            "GRANT ALL PRIVILEGES ON `gx%`.* TO `gx_u`@`localhost`",
            "GRANT SELECT ON `gx_app`.`orders` TO `gx_u`@`localhost`",
            "GRANT SELECT (`id`), INSERT (`name`, `id`) ON `gx_app`.`users` TO `gx_u`@`localhost`",
            "GRANT EXECUTE ON PROCEDURE `gx_app`.`p1` TO `gx_u`@`localhost`",
            "GRANT PROXY ON `root`@`localhost` TO `gx_u`@`localhost`");

    /** The account holds no privilege itself; its default role holds one that holds the grants. */
    static final List<String> MARIADB_ROLES = List.of(
            "GRANT `gx_reader` TO `gx_u`@`localhost`",
            "GRANT USAGE ON *.* TO `gx_u`@`localhost` IDENTIFIED BY PASSWORD '*D821809F681A40A6E379B50D0463EFAE20BDD122'",
            "GRANT `gx_inner` TO `gx_reader`",
            "GRANT USAGE ON *.* TO `gx_reader`",
            "GRANT USAGE ON *.* TO `gx_inner`",
            "GRANT SELECT, SHOW VIEW, EVENT, TRIGGER ON `gx_app`.* TO `gx_inner`",
            "GRANT SELECT ON `mysql`.`proc` TO `gx_inner`",
            "SET DEFAULT ROLE `gx_reader` FOR `gx_u`@`localhost`");

    @Test
    void parse_mariadbLines_keepsObjectGrantsAndSkipsRolesProxyRoutinesAndColumns() {
        List<Grant> grants = MysqlGrants.parse(MARIADB_MIXED).grants();

        assertThat(grants).containsExactly(
                new Grant("gx_u@localhost", false, EnumSet.of(Privilege.RELOAD), null, null),
                new Grant("gx_u@localhost", false, EnumSet.of(SELECT), "we`ird.db", null),
                new Grant("gx_u@localhost", false, EnumSet.allOf(Privilege.class), "gx%", null),
                new Grant("gx_u@localhost", false, EnumSet.of(SELECT), "gx_app", "orders"),
                new Grant("gx_u@localhost", false, EnumSet.noneOf(Privilege.class), "gx_app", "users"));
    }

    @Test
    void onDatabase_tableLevelGrantsOnly_holdNothingDatabaseWide() {
        MysqlGrants grants = MysqlGrants.parse(List.of(
                "GRANT USAGE ON *.* TO `bk`@`localhost`",
                "GRANT SELECT ON `appdb`.`users` TO `bk`@`localhost`",
                "GRANT EVENT ON `appdb`.* TO `bk`@`localhost`"));

        assertThat(grants.onDatabase("appdb", false)).containsExactly(EVENT);
        assertThat(grants.canSelect("appdb", "users", false)).isTrue();
        assertThat(grants.canSelect("appdb", "orders", false)).isFalse();
    }

    @Test
    void onDatabase_globalAndDatabaseGrants_join() {
        MysqlGrants grants = MysqlGrants.parse(List.of(
                "GRANT SELECT, SHOW VIEW ON *.* TO `bk`@`%`",
                "GRANT TRIGGER ON `appdb`.* TO `bk`@`%`"));

        assertThat(grants.onDatabase("appdb", false)).containsExactlyInAnyOrder(SELECT, SHOW_VIEW, TRIGGER);
        assertThat(grants.onDatabase("other", false)).containsExactlyInAnyOrder(SELECT, SHOW_VIEW);
        assertThat(grants.global()).containsExactlyInAnyOrder(SELECT, SHOW_VIEW);
    }

    @Test
    void onDatabase_wildcardPattern_allPrivileges() {
        MysqlGrants grants = MysqlGrants.parse(MARIADB_MIXED);

        assertThat(grants.onDatabase("gx_app", false)).isEqualTo(EnumSet.allOf(Privilege.class));
        // RELOAD on *.* holds for every database, as the binlog position of a MySQL dump needs it
        assertThat(grants.onDatabase("we`ird.db", false)).containsExactly(SELECT, Privilege.RELOAD);
        assertThat(grants.onDatabase("Gx_app", false)).containsExactly(Privilege.RELOAD);
        assertThat(grants.onDatabase("Gx_app", true)).isEqualTo(EnumSet.allOf(Privilege.class));
    }

    @Test
    void onDatabase_exactGrantBesideWildcardOne_countsOnlyWhatBothHold() {
        // the server applies the most specific match alone: SELECT through `gx%` does not reach gx_app
        MysqlGrants grants = MysqlGrants.parse(List.of(
                "GRANT SELECT, SHOW VIEW, EVENT, TRIGGER ON `gx%`.* TO `bk`@`localhost`",
                "GRANT EVENT ON `gx_app`.* TO `bk`@`localhost`"));

        assertThat(grants.onDatabase("gx_app", false)).containsExactly(EVENT);
        assertThat(grants.onDatabase("gx_other", false)).containsExactlyInAnyOrder(SELECT, SHOW_VIEW, EVENT, TRIGGER);
        assertThat(grants.matching("bk@localhost", "gx_app", false)).extracting(Grant::database)
                .containsExactly("gx%", "gx_app");
    }

    @Test
    void onDatabase_grantsOfActiveRoles_count() {
        MysqlGrants grants = MysqlGrants.parse(MARIADB_ROLES);

        assertThat(grants.onDatabase("gx_app", false)).containsExactlyInAnyOrder(SELECT, SHOW_VIEW, EVENT, TRIGGER);
        assertThat(grants.canSelect("mysql", "proc", false)).isTrue();
        assertThat(grants.matching("gx_u@localhost", "gx_app", false)).isEmpty();
    }

    @Test
    void onDatabase_mysql8PartialRevoke_removesThePrivilegeThere() {
        MysqlGrants grants = MysqlGrants.parse(List.of(
                "GRANT SELECT, SHOW VIEW, TRIGGER, EVENT ON *.* TO `bk`@`localhost`",
                "GRANT BACKUP_ADMIN,SHOW_ROUTINE ON *.* TO `bk`@`localhost`",
                "GRANT `reader`@`%` TO `bk`@`localhost`",
                "REVOKE SELECT ON `secret`.* FROM `bk`@`localhost`"));

        assertThat(grants.onDatabase("secret", false)).containsExactlyInAnyOrder(SHOW_VIEW, TRIGGER, EVENT,
                Privilege.SHOW_ROUTINE);
        assertThat(grants.onDatabase("shop", false)).contains(SELECT);
        assertThat(grants.global()).contains(Privilege.SHOW_ROUTINE);
    }

    @Test
    void onDatabase_revokeItCannotRead_revokesEverything() {
        MysqlGrants grants = MysqlGrants.parse(List.of(
                "GRANT ALL PRIVILEGES ON *.* TO `bk`@`localhost`",
                "REVOKE SELECT ON something unexpected"));

        assertThat(grants.onDatabase("shop", false)).isEmpty();
        assertThat(grants.global()).isEmpty();
    }

    @Test
    void parse_grantItCannotRead_grantsNothing() {
        MysqlGrants grants = MysqlGrants.parse(List.of(
                "GRANT SELECT ON `unterminated TO `bk`@`localhost`",
                "GRANT SELECT ON *.`t` TO `bk`@`localhost`",
                "GRANT SELECT ON TO `bk`@`localhost`",
                "something else entirely"));

        assertThat(grants.grants()).isEmpty();
    }

    @Test
    void parse_routineAlterAndExecute_onTheDatabase() {
        MysqlGrants grants = MysqlGrants.parse(List.of(
                "GRANT EXECUTE, ALTER ROUTINE ON `shop`.* TO `bk`@`localhost`"));

        assertThat(grants.onDatabase("shop", false)).containsExactlyInAnyOrder(EXECUTE, ALTER_ROUTINE);
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "shop       | shop       | true",
            "shop       | shop2      | false",
            "shop_app   | shop_app   | true",
            "shop_app   | shopXapp   | true",
            "shop\\_app | shop_app   | true",
            "shop\\_app | shopXapp   | false",
            "shop%      | shop       | true",
            "shop%      | shop_prod  | true",
            "shop%      | sho        | false",
            "%          | anything   | true",
            "s%p        | shop       | true",
            "s%p        | shopx      | false",
            "100\\%     | 100%       | true",
            "100\\%     | 1000       | false",
    })
    void matches_likeTheServer(String pattern, String name, boolean expected) {
        assertThat(MysqlGrants.matches(pattern, name, false)).isEqualTo(expected);
    }
}
