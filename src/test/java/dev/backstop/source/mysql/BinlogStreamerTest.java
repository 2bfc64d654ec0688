package dev.backstop.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BinlogStreamerTest {

    private static final Path CNF = Path.of("etc/replication.cnf");

    @Test
    void hint_serverDoesNotAnswer_namesTheServerNotTheGrants() {
        String hint = BinlogStreamer.hint("ERROR 2002 (HY000): Can't connect to server on '127.0.0.1' (115)", CNF);

        assertThat(hint).contains("does not answer").contains(CNF.toString()).doesNotContain("REPLICATION SLAVE");
    }

    @Test
    void hint_accessDenied_namesTheGrants() {
        String hint = BinlogStreamer.hint("ERROR 1227 (42000): Access denied; you need (at least one of) the SUPER,"
                + " BINLOG MONITOR privilege(s) for this operation", CNF);

        assertThat(hint).contains("REPLICATION SLAVE and BINLOG MONITOR").doesNotContain("does not answer");
    }
}
