package dev.backstop.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.SourceFacts.BinlogPosition;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MysqlDumpScannerTest {

    static final String DUMP = """
            -- Server version\t10.11.19-MariaDB
            CREATE TABLE `we``ird` (
              `id` int
            );
            CREATE TABLE `empty` (
              `id` int
            );
            INSERT INTO `we``ird` VALUES
            (1,'a),(b',NULL),
            (2,'it\\'s \\\\',0x28),
            (3,'x;y','(');
            INSERT INTO `we``ird` (`id`,`VALUES`) VALUES (4,'z');
            DELIMITER ;;
            INSERT INTO `log` VALUES (NEW.id) */;;
            DELIMITER ;
            -- Dump completed on 2025-01-01
            """;

    @Test
    void feed_wholeDump_countsTuplesOutsideStringsAndSkipsRoutineBodies() {
        MysqlDumpScanner scanner = scan(DUMP, DUMP.length());

        assertThat(scanner.serverVersion()).isEqualTo("10.11.19-MariaDB");
        assertThat(scanner.tableRows()).containsOnly(
                org.assertj.core.api.Assertions.entry("we`ird", 4L),
                org.assertj.core.api.Assertions.entry("empty", 0L));
        assertThat(scanner.trailerSeen()).isTrue();
    }

    @Test
    void feed_oneByteAtATime_sameFacts() {
        MysqlDumpScanner whole = scan(DUMP, DUMP.length());
        MysqlDumpScanner bytewise = scan(DUMP, 1);

        assertThat(bytewise.tableRows()).isEqualTo(whole.tableRows());
        assertThat(bytewise.trailerSeen()).isTrue();
    }

    @Test
    void feed_contentAfterTrailer_trailerNotSeen() {
        assertThat(scan(DUMP + "INSERT INTO `x` VALUES (1);\n", 7).trailerSeen()).isFalse();
        assertThat(scan(DUMP.replace("-- Dump completed on 2025-01-01\n", ""), 7).trailerSeen()).isFalse();
    }

    @Test
    void feed_masterDataAndGtidComments_binlogPositionOfTheHeaderOnly() {
        String header = """
                -- CHANGE MASTER TO MASTER_USE_GTID=slave_pos;
                -- CHANGE MASTER TO MASTER_LOG_FILE='bin.000007', MASTER_LOG_POS=1086;
                -- SET GLOBAL gtid_slave_pos='0-1-5';
                """;
        String routine = "DELIMITER ;;\n-- CHANGE MASTER TO MASTER_LOG_FILE='bin.000009', MASTER_LOG_POS=4;\nDELIMITER ;\n";

        MysqlDumpScanner scanner = scan(header + DUMP + routine, 5);

        assertThat(scanner.binlogPosition()).isEqualTo(new BinlogPosition("bin.000007", 1086, "0-1-5"));
        assertThat(scan(DUMP, 5).binlogPosition()).isNull();
    }

    @Test
    void feed_mysqlSourceDataComment_positionWithoutGtid() {
        String header = "-- CHANGE REPLICATION SOURCE TO SOURCE_LOG_FILE='binlog.000002', SOURCE_LOG_POS=157;\n";

        assertThat(scan(header + DUMP, 3).binlogPosition()).isEqualTo(new BinlogPosition("binlog.000002", 157, null));
    }

    private static MysqlDumpScanner scan(String text, int chunk) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        MysqlDumpScanner scanner = new MysqlDumpScanner();
        for (int i = 0; i < bytes.length; i += chunk) {
            scanner.feed(bytes, i, Math.min(chunk, bytes.length - i));
        }
        scanner.finish();
        return scanner;
    }
}
