package dev.backstop.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ByteSize;
import dev.backstop.core.PreflightException;
import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.source.DumpFixture;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RequiresService(Services.MariaDb.class)
class MysqlSourceTest {

    @TempDir
    Path dir;

    private final String suffix = DumpFixture.suffix();
    private final String db = "bstest_" + suffix;
    private final List<String> cleanup = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void createDatabase() throws Exception {
        cleanup.add("DROP DATABASE IF EXISTS `" + db + "`;");
        MariaDb.sql(null, "CREATE DATABASE `" + db + "` CHARACTER SET utf8mb4;"
                + "USE `" + db + "`;"
                + "CREATE TABLE empty_one (id INT PRIMARY KEY);"
                + "CREATE TABLE tricky (id INT PRIMARY KEY, s TEXT, b BLOB);"
                + "INSERT INTO tricky VALUES"
                + " (1, 'it''s (a), \"quoted\"; \\\\ back\\nslash\\r\\ttab', 0x00FF2728295C0A3B),"
                + " (2, NULL, NULL), (3, '', ''), (4, '),(', 0x28), (5, 'ünïcødé ✓ 𝄞', NULL),"
                + " (6, 'INSERT INTO `x` VALUES (1);', X'');"
                + "CREATE TABLE bulk (id INT PRIMARY KEY, s VARCHAR(400));"
                + "INSERT INTO bulk SELECT seq, REPEAT('x(,''\\\\', 70) FROM seq_1_to_6000;");
    }

    @AfterEach
    void dropEverything() throws Exception {
        for (String statement : cleanup) {
            MariaDb.sql(null, statement);
        }
    }

    @Test
    void dump_realDatabase_rowCountsVersionAndTrailerMatchServerAndRestore() throws Exception {
        Path dump = dir.resolve("dump.sql");

        SourceFacts facts = dump(source(config(db, null, null, null, null)), dump);

        assertThat(facts.trailerSeen()).isTrue();
        assertThat(facts.serverVersion()).isEqualTo(MariaDb.sql(null, "SELECT VERSION()"));
        assertThat(facts.tableRows()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "empty_one", MariaDb.count(db, "empty_one"),
                "tricky", MariaDb.count(db, "tricky"),
                "bulk", MariaDb.count(db, "bulk")));
        assertThat(facts.tableRows()).containsEntry("empty_one", 0L).containsEntry("tricky", 6L)
                .containsEntry("bulk", 6000L);
        assertThat(Files.readString(dump)).doesNotContain("CREATE DATABASE").contains("INSERT INTO `bulk`");

        String restored = "bstest_r" + suffix;
        cleanup.add("DROP DATABASE IF EXISTS `" + restored + "`;");
        MariaDb.sql(null, "CREATE DATABASE `" + restored + "`");
        MariaDb.load(restored, dump);
        for (String table : List.of("empty_one", "tricky", "bulk")) {
            assertThat(MariaDb.count(restored, table)).as(table).isEqualTo(facts.tableRows().get(table));
        }
        String digest = "SELECT SHA2(GROUP_CONCAT(id, ':', IFNULL(HEX(s), 'N'), ':', IFNULL(HEX(b), 'N')"
                + " ORDER BY id SEPARATOR '|'), 256) FROM tricky";
        assertThat(MariaDb.sql(restored, digest)).isEqualTo(MariaDb.sql(db, digest));
        assertThat(facts.binlog()).as("the shared server writes no binary log").isNull();
        assertThat(warnings).isEmpty();
    }

    @Test
    void systemVersionedTable_isDumpedCountedAndCountedAgainOnTheServer() throws Exception {
        // MariaDB lists a table WITH SYSTEM VERSIONING as 'SYSTEM VERSIONED', not 'BASE TABLE'
        MariaDb.sql(db, "CREATE TABLE prices (id INT PRIMARY KEY, p INT) WITH SYSTEM VERSIONING;"
                + "INSERT INTO prices VALUES (1, 10), (2, 20), (3, 30); UPDATE prices SET p = 11 WHERE id = 1;");

        SourceFacts facts = dump(source(config(db, null, null, null, null)), dir.resolve("dump.sql"));
        MysqlServer server = new MysqlServer(config(db, null, null, null, null), new ProcessRunner(), dir, name -> null);

        assertThat(facts.tableRows()).containsEntry("prices", 3L);
        assertThat(server.countRows(db)).containsEntry("prices", 3L).containsEntry("bulk", 6000L);
    }

    @Test
    void dump_wrongPassword_failsWithAccessDenied() throws Exception {
        String user = createUser("right-password", "GRANT ALL ON `" + db + "`.* TO %s");
        MysqlSource source = new MysqlSource(config(db, null, user, "BACKSTOP_TEST_PW", null),
                new ProcessRunner(), name -> "wrong-password");

        assertThatThrownBy(() -> dump(source, dir.resolve("dump.sql")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("source appdb")
                .hasMessageContaining("Access denied")
                .hasMessageNotContaining("wrong-password");
    }

    @Test
    void dump_missingDatabase_failsNamingIt() {
        MysqlSource source = source(config(db + "_missing", null, null, null, null));

        assertThatThrownBy(() -> dump(source, dir.resolve("dump.sql")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining(db + "_missing")
                .hasMessageContaining("exited with status");
    }

    @Test
    void dump_userWithPrivilegeOnOneTableOnly_failsBeforeDumpingNamingTheGrant() throws Exception {
        String user = createUser("pw", "GRANT SELECT ON `" + db + "`.tricky TO %s");
        MysqlSource source = new MysqlSource(config(db, null, user, "PW", null), new ProcessRunner(), name -> "pw");
        Path dump = dir.resolve("dump.sql");

        assertThatThrownBy(() -> dump(source, dump))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("user '" + user + "'@'localhost' may not read all of database '" + db + "'")
                .hasMessageContaining("GRANT SELECT, SHOW VIEW, TRIGGER, EVENT ON `" + db + "`.*");
        assertThat(Files.size(dump)).isZero();
    }

    @Test
    void dump_toolKilledHalfway_failsEvenThoughOutputArrived() throws Exception {
        Path wrapper = script("killed-dump", "#!/bin/sh\n"
                + "mariadb-dump \"$@\" | head -c 20000\n"
                + "kill -9 $$\n");
        Path dump = dir.resolve("dump.sql");

        assertThatThrownBy(() -> dump(source(config(db, null, null, null, wrapper.toString())), dump))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("killed by signal 9");
        assertThat(Files.size(dump)).isEqualTo(20000);
    }

    @Test
    void dump_toolExitsZeroButOutputTruncated_failsForMissingTrailer() throws Exception {
        Path wrapper = script("truncating-dump", "#!/bin/sh\n"
                + "mariadb-dump \"$@\" | head -c 20000\n"
                + "exit 0\n");

        assertThatThrownBy(() -> dump(source(config(db, null, null, null, wrapper.toString())), dir.resolve("d.sql")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("without the '-- Dump completed' trailer");
    }

    @Test
    void dump_dumpCommandWithClientBesideIt_checksPrivilegesThroughThatClient() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path dumpTool = DumpFixture.script(bin, "mysqldump", "#!/bin/sh\nexec mariadb-dump \"$@\"\n");
        DumpFixture.script(bin, "mysql", "#!/bin/sh\ntouch '" + dir.resolve("client-used") + "'\nexec mariadb \"$@\"\n");

        SourceFacts facts = dump(source(config(db, null, null, null, dumpTool.toString())), dir.resolve("dump.sql"));

        assertThat(facts.tableRows()).containsKeys("tricky", "bulk", "empty_one");
        assertThat(dir.resolve("client-used")).exists();
    }

    @Test
    void preflight_dumpCommandMissing_failsNamingIt() {
        MysqlSource source = source(config(db, null, null, null, "no-such-dump-tool-" + suffix));

        assertThatThrownBy(source::preflight)
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("no-such-dump-tool-" + suffix)
                .hasMessageContaining("dump_command");
    }

    @Test
    void preflight_defaultsFileReadableByOthers_isRefused() throws Exception {
        Path cnf = dir.resolve("my.cnf");
        Files.writeString(cnf, "[client]\nuser=root\n");
        Files.setPosixFilePermissions(cnf, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> source(config(db, cnf, null, null, null)).preflight())
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("chmod 600 " + cnf);
    }

    @Test
    void dump_defaultsFileAndPasswordEnv_generatedFileIncludesConfiguredOne() throws Exception {
        String user = createUser("secret pw", "GRANT ALL ON `" + db + "`.* TO %s");
        Path cnf = Files.createFile(dir.resolve("my.cnf"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(cnf, "[client]\nuser=" + user + "\npassword=not-this-one\n");
        MysqlSource source = new MysqlSource(config(db, cnf, null, "PW", null), new ProcessRunner(),
                name -> "secret pw");

        SourceFacts facts = dump(source, dir.resolve("dump.sql"));

        assertThat(facts.tableRows()).containsEntry("tricky", 6L);
    }

    /** Creates a user at localhost with a password; {@code grant} has %s for the account. */
    String createUser(String password, String grant) throws Exception {
        String user = "bsu_" + suffix.substring(0, 8) + cleanup.size();
        String account = "'" + user + "'@'localhost'";
        cleanup.add(0, "DROP USER IF EXISTS " + account + ";");
        MariaDb.sql(null, "CREATE USER " + account + " IDENTIFIED BY " + MariaDb.literal(password) + ";"
                + String.format(grant, account) + ";");
        return user;
    }

    Path script(String name, String text) throws Exception {
        return DumpFixture.script(dir, name, text);
    }

    SourceFacts dump(MysqlSource source, Path file) throws Exception {
        return DumpFixture.dump(source, file, dir, warnings);
    }

    static MysqlSource source(MysqlConfig config) {
        return new MysqlSource(config, new ProcessRunner(), name -> null);
    }

    static MysqlConfig config(String database, Path defaultsFile, String user, String passwordEnv,
                                     String dumpCommand) {
        return new MysqlConfig("appdb", ByteSize.ofBytes(1), database, defaultsFile, null, null, null, user,
                passwordEnv, dumpCommand, Duration.ofMinutes(2));
    }
}
