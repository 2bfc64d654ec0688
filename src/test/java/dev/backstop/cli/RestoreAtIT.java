package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.source.mysql.BinlogServer;
import dev.backstop.testing.RequiresService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backstop restore --at} against a real MariaDB with binary logs: a dump, writes after it
 * in known seconds (across a rotation and a server restart), the logs archived, then restores to
 * moments between the writes, compared table by table with checksums taken at those moments.
 */
@RequiresService(BinlogServer.Binaries.class)
class RestoreAtIT {

    static final String SHOP = "i21_shop";
    private static BinlogServer server;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startServer() throws Exception {
        server = BinlogServer.startInTempDir();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void at_momentsBetweenTransactions_exactlyTheRowsCommittedBeforeAndNothingElseChanges() throws Exception {
        // given, encrypted (the dump and the segments sealed with age), a dump, then writes in known seconds:
        // across a rotation and a restart, then a DELETE and a DROP TABLE
        server.sql("CREATE DATABASE IF NOT EXISTS " + SHOP + "; CREATE TABLE " + SHOP + ".orders (id INT PRIMARY KEY, v VARCHAR(20));"
                + "CREATE TABLE " + SHOP + ".items (id INT PRIMARY KEY, qty INT); INSERT INTO " + SHOP + ".orders VALUES"
                + " (1, 'a'), (2, 'b'); INSERT INTO " + SHOP + ".items VALUES (1, 5);"
                + "CREATE DATABASE i21_other; CREATE TABLE i21_other.t (i INT PRIMARY KEY); INSERT INTO i21_other.t VALUES (7);");
        Path config = config(dir, server, encryption(dir));
        assertThat(backstop("run", "--config", config.toString())).as(err()).isZero();
        server.sql("INSERT INTO " + SHOP + ".orders VALUES (3, 'c'); FLUSH BINARY LOGS; UPDATE " + SHOP
                + ".items SET qty = 6 WHERE id = 1; INSERT INTO i21_other.t VALUES (8);");
        server.restart();
        server.sql("BEGIN; INSERT INTO " + SHOP + ".orders VALUES (4, 'd'); INSERT INTO " + SHOP
                + ".items VALUES (2, 1); COMMIT;");
        Instant beforeDelete = lastSecondAndWait();
        Map<String, String> atBeforeDelete = checksums(SHOP);
        server.sql("DELETE FROM " + SHOP + ".orders; INSERT INTO " + SHOP + ".items VALUES (3, 2);");
        Instant beforeDrop = lastSecondAndWait();
        Map<String, String> atBeforeDrop = checksums(SHOP);
        server.sql("DROP TABLE " + SHOP + ".items; INSERT INTO " + SHOP + ".orders VALUES (9, 'z');");
        lastSecondAndWait();
        assertThat(backstop("archive-logs", "--once", "--config", config.toString())).as(err()).isZero();
        assertThat(segments(newestLogDir())).isEmpty();
        assertThat(sealedSegments(newestLogDir())).isNotEmpty();
        Map<String, Map<String, String>> others = otherDatabases();

        // when
        int first = backstop("restore", "--at", beforeDelete.toString(), "--database", "appdb=i21_at_delete",
                "--config", config.toString());
        String firstOut = out.toString(StandardCharsets.UTF_8);
        String local = LocalDateTime.ofInstant(beforeDrop, ZoneId.systemDefault())
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        int second = backstop("restore", "--at", local, "--database", "appdb=i21_at_drop", "--config", config.toString());

        // then
        assertThat(first).as(err()).isZero();
        assertThat(second).as(err()).isZero();
        assertThat(checksums("i21_at_delete")).isEqualTo(atBeforeDelete);
        assertThat(server.sql("SELECT GROUP_CONCAT(id ORDER BY id) FROM i21_at_delete.orders").strip()).isEqualTo("1,2,3,4");
        assertThat(checksums("i21_at_drop")).isEqualTo(atBeforeDrop).containsKeys("items", "orders");
        assertThat(server.sql("SELECT COUNT(*) FROM i21_at_drop.orders").strip()).isEqualTo("0");
        assertThat(firstOut).contains("appdb: dump of backup ").contains("binary-log position bin.")
                .contains("appdb: segments of bin.").contains("appdb: last transaction applied: bin.")
                .contains("committed " + beforeDelete).contains("restore OK: as of " + beforeDelete);
        assertThat(otherDatabases()).isEqualTo(others);
        assertThat(dir.resolve("state/restore-at-server")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
                p -> assertThat(p).isEmptyDirectory());
        server.sql("DROP DATABASE i21_at_delete; DROP DATABASE i21_at_drop");
    }

    @Test
    void at_afterARunThatRecordedOnlyTheLogPosition_theDumpBeforeAndItsSegmentsGiveTheExactRows() throws Exception {
        // given a first run (a dump: the archiver never ran), the logs archived, and a second run within
        // full_dump_every, which records the log position instead of dumping
        server.sql("CREATE DATABASE IF NOT EXISTS " + SHOP + "; CREATE TABLE " + SHOP + ".pos (i INT PRIMARY KEY);"
                + " INSERT INTO " + SHOP + ".pos VALUES (1), (2);");
        Path config = config(dir);
        assertThat(backstop("run", "--config", config.toString())).as(err()).isZero();
        String dumped = newestSetId();
        assertThat(err()).contains("source appdb: dump: the log archiver has not recorded that it caught up");
        server.sql("INSERT INTO " + SHOP + ".pos VALUES (3); FLUSH BINARY LOGS; DELETE FROM " + SHOP + ".pos WHERE i = 1;");
        assertThat(backstop("archive-logs", "--once", "--config", config.toString())).as(err()).isZero();
        assertThat(backstop("run", "--config", config.toString())).as(err()).isZero();
        String positioned = newestSetId();
        String runOut = out.toString(StandardCharsets.UTF_8);
        assertThat(backstop("list", "--config", config.toString())).as(err()).isZero();
        String listed = out.toString(StandardCharsets.UTF_8);
        assertThat(backstop("verify", "--config", config.toString())).as(out.toString(StandardCharsets.UTF_8)).isZero();
        server.sql("INSERT INTO " + SHOP + ".pos VALUES (4);");
        Instant after = lastSecondAndWait();
        Map<String, String> atAfter = checksums(SHOP);
        server.sql("INSERT INTO " + SHOP + ".pos VALUES (5);");
        assertThat(backstop("archive-logs", "--once", "--config", config.toString())).as(err()).isZero();

        // when
        int code = backstop("restore", "--at", after.toString(), "--database", "appdb=i21_at_position", "--config",
                config.toString());
        String restoreOut = out.toString(StandardCharsets.UTF_8);

        // then the second set holds no dump, only the position on the first; the replay starts from the first's dump
        assertThat(positioned).isNotEqualTo(dumped);
        assertThat(runOut).contains("1 log position(s) (appdb: bin.").contains(" on dump " + dumped + ")");
        var manifest = dev.backstop.core.Json.mapper().readTree(newestManifest().toFile());
        assertThat(manifest.get("format_version").asInt()).isEqualTo(3);
        assertThat(manifest.get("components")).isEmpty();
        assertThat(manifest.get("log_positions").get(0).get("dump").asText()).isEqualTo(dumped);
        assertThat(listed).containsPattern(positioned + " .* appdb log position bin\\.[0-9]+:[0-9]+ on dump " + dumped);
        assertThat(code).as(restoreOut + err()).isZero();
        assertThat(restoreOut).contains("appdb: dump of backup " + dumped);
        assertThat(checksums("i21_at_position")).isEqualTo(atAfter);
        assertThat(server.sql("SELECT GROUP_CONCAT(i ORDER BY i) FROM i21_at_position.pos").strip()).isEqualTo("2,3,4");
        server.sql("DROP DATABASE i21_at_position; DROP TABLE " + SHOP + ".pos");

        // and once the segments after the dump no longer join, the next run dumps again, compared with the
        // first dump (the run between recorded no rows): the table dropped above is an anomaly, exit 7
        List<Path> newest = segments(newestLogDir());
        assertThat(newest).hasSizeGreaterThanOrEqualTo(2);
        Files.delete(newest.get(0));
        Files.delete(newest.get(0).resolveSibling(newest.get(0).getFileName() + ".sha256"));
        assertThat(backstop("run", "--config", config.toString())).as(err()).isEqualTo(7);
        assertThat(err()).contains("source appdb: dump: the archived logs on target local do not join from the position"
                + " of the dump " + dumped + " up to the newest segment").contains("table pos of appdb disappeared (it had 2 rows)");
    }

    @Test
    void at_gapInTheArchiveBeforeTheMoment_exit6NamingItNothingCreated() throws Exception {
        // given an archive whose middle segment of one binary log is gone
        server.sql("CREATE DATABASE IF NOT EXISTS " + SHOP + "; CREATE TABLE " + SHOP + ".gap (i INT PRIMARY KEY);"
                + " FLUSH BINARY LOGS; INSERT INTO " + SHOP + ".gap VALUES (1);");
        Path config = config(dir);
        assertThat(backstop("run", "--config", config.toString())).as(err()).isZero();
        lastSecondAndWait(); // the moment restored to comes after the second the dump finished in
        assertThat(backstop("archive-logs", "--once", "--config", config.toString())).as(err()).isZero();
        server.sql("INSERT INTO " + SHOP + ".gap VALUES (2);");
        assertThat(backstop("archive-logs", "--once", "--config", config.toString())).as(err()).isZero();
        server.sql("INSERT INTO " + SHOP + ".gap VALUES (3);");
        assertThat(backstop("archive-logs", "--once", "--config", config.toString())).as(err()).isZero();
        Instant at = lastSecondAndWait();
        Path newest = newestLogDir();
        List<Path> segments = segments(newest);
        assertThat(segments).as("segments of " + newest).hasSizeGreaterThanOrEqualTo(3);
        Path middle = segments.get(1);
        Files.delete(middle);
        Files.delete(middle.resolveSibling(middle.getFileName() + ".sha256"));
        String name = middle.getFileName().toString();
        long start = Long.parseLong(name.substring(0, 12));
        long end = Long.parseLong(name.substring(13, 25));

        // when
        int code = backstop("restore", "--at", at.toString(), "--database", "appdb=i21_gap_restored", "--config",
                config.toString());

        // then
        assertThat(code).as(out.toString(StandardCharsets.UTF_8) + err()).isEqualTo(6);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(newest.getFileName() + ": bytes " + start + " to " + end
                + " are missing").contains("restore FAILED, nothing restored");
        assertThat(server.sql("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'i21_gap_restored'")
                .strip()).isEqualTo("0");
        server.sql("DROP TABLE " + SHOP + ".gap");
    }

    @Test
    void restoreTest_chainBetweenTwoDumps_passesHealthyAndFailsNamingAGap() throws Exception {
        // given two dumps with writes between them, across a rotation, all archived
        server.sql("CREATE DATABASE IF NOT EXISTS " + SHOP + "; CREATE TABLE " + SHOP + ".chain (i INT PRIMARY KEY);"
                + " INSERT INTO " + SHOP + ".chain VALUES (1), (10), (11), (12), (13), (14), (15), (16), (17), (18);");
        Path config = config(dir);
        assertThat(backstop("run", "--config", config.toString())).as(err()).isZero();
        String firstFile = binlogFileOfNewestDump();
        server.sql("INSERT INTO " + SHOP + ".chain VALUES (2), (3);");
        assertThat(backstop("archive-logs", "--once", "--config", config.toString())).as(err()).isZero();
        server.sql("INSERT INTO " + SHOP + ".chain VALUES (4); FLUSH BINARY LOGS; DELETE FROM " + SHOP
                + ".chain WHERE i = 1;");
        assertThat(backstop("archive-logs", "--once", "--config", config.toString())).as(err()).isZero();
        Thread.sleep(1100); // a second backup id
        // a second dump, although full_dump_every is not due: the chain between two dumps is what is tested
        assertThat(backstop("run", "--full", "--config", config.toString())).as(err()).isZero();
        assertThat(backstop("archive-logs", "--once", "--config", config.toString())).as(err()).isZero();

        // when
        int healthy = backstop("restore-test", "--config", config.toString());
        String healthyOut = out.toString(StandardCharsets.UTF_8);
        List<Path> segments = segments(dir.resolve("backups/web1/logs/appdb").resolve(firstFile));
        assertThat(segments).as("segments of " + firstFile).hasSizeGreaterThanOrEqualTo(2);
        Path second = segments.get(segments.size() - 1);
        Files.delete(second);
        Files.delete(second.resolveSibling(second.getFileName() + ".sha256"));
        String name = second.getFileName().toString();
        int broken = backstop("restore-test", "--config", config.toString());
        String brokenOut = out.toString(StandardCharsets.UTF_8) + err();

        // then
        assertThat(healthy).as(healthyOut + err()).isZero();
        assertThat(healthyOut).contains("appdb (log chain): the dump of backup ").contains(" matches its ")
                .contains("segments used: " + firstFile + ": ");
        assertThat(broken).as(brokenOut + err()).isEqualTo(6);
        // the segment was the last of its file: only the missing rotation at its end tells
        assertThat(brokenOut).contains("CRITICAL local").contains(firstFile + ": the bytes from "
                + Long.parseLong(name.substring(0, 12)) + " to the file's end are missing")
                .contains("segments used: " + firstFile);
        try (dev.backstop.history.HistoryStore history = dev.backstop.history.HistoryStore.open(
                dir.resolve("state/history.db"))) {
            var recent = history.recentVerifications(dev.backstop.history.VerificationRecord.RESTORE_TEST, 2);
            assertThat(recent.get(0).outcome()).isNotEqualTo("ok");
            assertThat(recent.get(1).outcome()).isEqualTo("ok");
        }
        server.sql("DROP TABLE " + SHOP + ".chain");
    }

    private String binlogFileOfNewestDump() throws Exception {
        return dev.backstop.core.Json.mapper().readTree(newestManifest().toFile()).get("components").get(0).get("facts")
                .get("binlog").get("file").asText();
    }

    /** The second now, once the clock has passed it: every write before happened at or before it, none after. */
    static Instant lastSecondAndWait() throws InterruptedException {
        Instant second = Instant.ofEpochSecond(Instant.now().getEpochSecond());
        while (Instant.now().getEpochSecond() == second.getEpochSecond()) {
            Thread.sleep(20);
        }
        return second;
    }

    private Path newestLogDir() throws Exception {
        try (Stream<Path> dirs = Files.list(dir.resolve("backups/web1/logs/appdb"))) {
            return dirs.sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    private String newestSetId() throws Exception {
        return newestManifest().getParent().getFileName().toString();
    }

    private Path newestManifest() throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("backups/web1"))) {
            return files.filter(p -> p.getFileName().toString().equals("MANIFEST.json")).sorted()
                    .reduce((a, b) -> b).orElseThrow();
        }
    }

    private static List<Path> sealedSegments(Path logDir) throws Exception {
        try (Stream<Path> files = Files.list(logDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".gz.age")).sorted().toList();
        }
    }

    private static List<Path> segments(Path logDir) throws Exception {
        try (Stream<Path> files = Files.list(logDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".gz")).sorted().toList();
        }
    }

    /** CHECKSUM TABLE of every table of a database, by table name. */
    private static Map<String, String> checksums(String database) throws Exception {
        return checksums(server, database);
    }

    /** CHECKSUM TABLE of every table of a database on {@code server}, by table name. */
    static Map<String, String> checksums(BinlogServer server, String database) throws Exception {
        Map<String, String> sums = new TreeMap<>();
        String tables = server.sql("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + database + "'");
        for (String table : tables.strip().split("\n")) {
            if (!table.isBlank()) {
                String row = server.sql("CHECKSUM TABLE `" + database + "`.`" + table + "`").strip();
                sums.put(table, row.substring(row.indexOf('\t') + 1));
            }
        }
        return sums;
    }

    /** The checksums of every table outside the restored databases (the server's statistics tables aside). */
    private static Map<String, Map<String, String>> otherDatabases() throws Exception {
        Map<String, Map<String, String>> all = new TreeMap<>();
        List<String> names = new ArrayList<>(List.of(server.sql("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE"
                + " SCHEMA_NAME NOT IN ('information_schema', 'performance_schema', 'sys') AND SCHEMA_NAME NOT LIKE"
                + " 'i21\\_at\\_%'").strip().split("\n")));
        for (String db : names) {
            Map<String, String> sums = checksums(db);
            sums.keySet().removeIf(t -> db.equals("mysql") && t.startsWith("innodb_"));
            all.put(db, sums);
        }
        return all;
    }

    private static Path config(Path dir) throws Exception {
        return config(dir, server);
    }

    /** A configuration whose source appdb is {@link #SHOP} on {@code server}, its logs archived. */
    static Path config(Path dir, BinlogServer server) throws Exception {
        return config(dir, server, "");
    }

    /** The {@code encryption:} section of a new age key in {@code dir}, for {@link #config(Path, BinlogServer, String)}. */
    private static String encryption(Path dir) throws Exception {
        dev.backstop.encryption.AgeIdentity.Generated key = dev.backstop.encryption.AgeIdentity.generate();
        Path keyFile = Files.writeString(dir.resolve("key.txt"), key.fileContent());
        Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return "encryption:\n  recipients: [" + key.recipient() + "]\n  identity_file: " + keyFile + "\n";
    }

    /** As {@link #config(Path, BinlogServer)}, with {@code extra} top-level sections. */
    static Path config(Path dir, BinlogServer server, String extra) throws Exception {
        return BinlogSourceConfigs.write(dir, server, SHOP, "", extra);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private int backstop(String... args) {
        out.reset();
        return Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }
}
