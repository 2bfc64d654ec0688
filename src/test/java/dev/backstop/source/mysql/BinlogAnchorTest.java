package dev.backstop.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BinlogAnchorTest {

    private final List<String> warnings = new ArrayList<>();

    @Test
    void serverWithoutBinaryLog_noOptionsNoWarning() {
        assertThat(BinlogAnchor.options(account("10.11.6-MariaDB", false, "GRANT SELECT ON `t`.* TO `bk`@`%`"),
                warnings::add)).isEmpty();
        assertThat(warnings).isEmpty();
    }

    @Test
    void mariadb_masterDataAndGtid_withoutFurtherPrivilege() {
        assertThat(BinlogAnchor.options(account("10.11.6-MariaDB", true, "GRANT SELECT ON `t`.* TO `bk`@`%`"),
                warnings::add)).containsExactly("--master-data=2", "--gtid");
        assertThat(warnings).isEmpty();
    }

    @Test
    void mysqlWithoutReplicationClient_noOptionsAndAWarningNamingTheGrant() {
        assertThat(BinlogAnchor.options(account("8.0.36", true, "GRANT RELOAD ON *.* TO `bk`@`%`"),
                warnings::add)).isEmpty();
        assertThat(warnings).singleElement().asString()
                .contains("GRANT RELOAD, REPLICATION CLIENT ON *.* TO 'bk'@'%'");
    }

    @Test
    void mysql_sourceDataFrom8026_masterDataBefore() {
        String grant = "GRANT RELOAD, REPLICATION CLIENT ON *.* TO `bk`@`%`";
        assertThat(BinlogAnchor.options(account("8.0.36", true, grant), warnings::add)).containsExactly("--source-data=2");
        assertThat(BinlogAnchor.options(account("8.0.25-log", true, grant), warnings::add))
                .containsExactly("--master-data=2");
        assertThat(BinlogAnchor.options(account("5.7.44", true, grant), warnings::add))
                .containsExactly("--master-data=2");
        assertThat(warnings).isEmpty();
    }

    private static MysqlAccount account(String version, boolean logBin, String grant) {
        return new MysqlAccount("bk@%", version, false, logBin, MysqlGrants.parse(List.of(grant)), new TreeMap<>());
    }
}
