package dev.backstop.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ByteSize;
import dev.backstop.core.SourceFacts;
import dev.backstop.core.SourceFacts.BinlogPosition;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.source.DumpFixture;
import dev.backstop.testing.RequiresService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dump of a server with binary logs records where the log stood at the dump's snapshot. */
@RequiresService(BinlogServer.Binaries.class)
class MysqlDumpBinlogPositionTest {

    private static BinlogServer server;

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = BinlogServer.startInTempDir();
        // an account with the dump's privileges on one database and nothing on the binary log
        server.sql("CREATE TABLE t.orders (id INT PRIMARY KEY); INSERT INTO t.orders VALUES (1), (2);"
                + "CREATE USER bk@'%' IDENTIFIED BY 'bk'; GRANT SELECT, SHOW VIEW, TRIGGER, EVENT ON t.* TO bk@'%';"
                + "GRANT SELECT ON mysql.proc TO bk@'%';");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void dump_accountWithoutBinlogPrivilege_recordsTheServersFilePositionAndGtid() throws Exception {
        server.sql("FLUSH BINARY LOGS; INSERT INTO t.orders VALUES (3);");
        List<String> status = List.of(server.sql("SHOW MASTER STATUS").strip().split("\t"));
        String gtid = server.sql("SELECT @@gtid_binlog_pos").strip();
        long rows = Long.parseLong(server.sql("SELECT COUNT(*) FROM t.orders").strip());

        SourceFacts facts = DumpFixture.dump(source(), dir.resolve("dump.sql"), dir, warnings);

        assertThat(facts.binlog()).isEqualTo(new BinlogPosition(status.get(0), Long.parseLong(status.get(1)), gtid));
        assertThat(facts.tableRows()).containsEntry("orders", rows);
        assertThat(warnings).isEmpty();
    }

    @Test
    void dump_writesAfterTheSnapshot_areAfterTheRecordedPosition() throws Exception {
        SourceFacts first = DumpFixture.dump(source(), dir.resolve("first.sql"), dir, warnings);
        server.sql("INSERT INTO t.orders VALUES (10);");

        SourceFacts second = DumpFixture.dump(source(), dir.resolve("second.sql"), dir, warnings);

        assertThat(second.binlog().file()).isEqualTo(first.binlog().file());
        assertThat(second.binlog().position()).isGreaterThan(first.binlog().position());
        assertThat(second.binlog().gtid()).isNotEqualTo(first.binlog().gtid());
    }

    @Test
    void currentLogPosition_throughTheReplicationAccount_isWhereADumpOfTheIdleServerStands() throws Exception {
        server.sql("INSERT INTO t.orders VALUES (20);");
        MysqlSource source = source();
        MysqlSource archived = new MysqlSource(withLogArchive(), new ProcessRunner(), name -> null);

        BinlogPosition now = archived.currentLogPosition(java.nio.file.Files.createDirectories(dir.resolve("position")));
        SourceFacts dumped = DumpFixture.dump(source, dir.resolve("idle.sql"), dir, warnings);

        // the dump's account lacks BINLOG MONITOR: the position comes through log_archive's account
        assertThat(now).isEqualTo(dumped.binlog());
        assertThat(now.gtid()).isEqualTo(server.sql("SELECT @@gtid_binlog_pos").strip());
        assertThatThrownBy(() -> source.currentLogPosition(dir)).isInstanceOf(dev.backstop.core.SourceException.class)
                .hasMessageContaining("its binary logs are not archived");
    }

    private MysqlConfig withLogArchive() {
        Path cnf = dir.resolve("bk.cnf");
        return new MysqlConfig("appdb", ByteSize.ofBytes(1), "t", cnf, null, null, null, null, null, null,
                Duration.ofMinutes(1), dev.backstop.source.RestoreTestConfig.DEFAULT,
                new dev.backstop.config.LogArchiveConfig(server.replicationCnf(), Duration.ofMinutes(1), Duration.ofDays(1),
                        Duration.ofMinutes(10)));
    }

    private MysqlSource source() throws Exception {
        Path cnf = dir.resolve("bk.cnf");
        Files.writeString(cnf, "[client]\nuser=bk\npassword=bk\nhost=127.0.0.1\nport=" + server.port() + "\n");
        Files.setPosixFilePermissions(cnf, PosixFilePermissions.fromString("rw-------"));
        MysqlConfig config = new MysqlConfig("appdb", ByteSize.ofBytes(1), "t", cnf, null, null, null, null, null,
                null, Duration.ofMinutes(1));
        return new MysqlSource(config, new ProcessRunner(), name -> null);
    }
}
