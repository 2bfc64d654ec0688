package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.source.mysql.BinlogServer;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follows docs/disaster-recovery.md literally: every block fenced as {@code ```sh runbook} runs,
 * in order, with {@code sh -e} on a real backup, and the restored data is checked. A command that
 * stops working in the runbook fails this test.
 */
@RequiresService({Services.MariaDb.class, Services.Postgres.class})
class RunbookIT {

    private static final Pattern BLOCK = Pattern.compile("```sh runbook\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    private BackupFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new BackupFixture(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    static List<String> blocks() throws Exception {
        String doc = Files.readString(Path.of("docs/disaster-recovery.md"), StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(doc);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    @RequiresService(BinlogServer.Binaries.class)
    void runbook_pointInTimeSection_restoresTheRowsOfTheMoment() throws Exception {
        // given a dump of a server with binary logs, writes after it, then a DELETE, all archived
        Path scratch = Files.createTempDirectory("backstop-i21-runbook-");
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx--x--x"));
        try (BinlogServer server = BinlogServer.start(scratch.resolve("server"))) {
            String db = RestoreAtIT.SHOP;
            server.sql("CREATE DATABASE " + db + "; CREATE TABLE " + db + ".orders (id INT PRIMARY KEY, v INT);"
                    + " INSERT INTO " + db + ".orders VALUES (1, 1), (2, 2);");
            Path config = RestoreAtIT.config(dir, server);
            assertThat(Main.run(System.out, System.err, "run", "--config", config.toString())).isZero();
            server.sql("INSERT INTO " + db + ".orders VALUES (3, 3); FLUSH BINARY LOGS; UPDATE " + db
                    + ".orders SET v = 20 WHERE id = 2;");
            Instant time = RestoreAtIT.lastSecondAndWait();
            Map<String, String> expected = RestoreAtIT.checksums(server, db);
            server.sql("DELETE FROM " + db + ".orders;");
            assertThat(Main.run(System.out, System.err, "archive-logs", "--once", "--config", config.toString())).isZero();
            server.sql("DROP DATABASE " + db); // the disaster
            Path set;
            try (Stream<Path> files = Files.walk(dir.resolve("backups/web1"))) {
                set = files.filter(p -> p.getFileName().toString().equals("MANIFEST.json")).findFirst().orElseThrow()
                        .getParent();
            }
            Matcher m = Pattern.compile("```sh runbook-pitr\\n(.*?)```", Pattern.DOTALL).matcher(
                    Files.readString(Path.of("docs/disaster-recovery.md"), StandardCharsets.UTF_8));
            assertThat(m.find()).as("a block marked sh runbook-pitr").isTrue();

            // when it runs literally with the variables the runbook tells the reader to set, mariadb
            // reaching the server with binary logs through ~/.my.cnf, which the system's option files cannot override
            Path home = Files.createDirectories(dir.resolve("home"));
            Files.writeString(home.resolve(".my.cnf"), "[client]\nsocket=" + server.socket() + "\n");
            Shell.Result r = Shell.run("HOME='" + home + "' SET='" + set + "' LOGS='" + dir.resolve("backups/web1/logs/appdb") + "' RESTORE='"
                    + Files.createDirectories(dir.resolve("restore-pitr")) + "' DB='" + db + "' TIME='"
                    + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC).format(time)
                    + "'; export HOME SET LOGS RESTORE DB TIME;"
                    + " set -e\n" + m.group(1));

            // then the database holds the rows of that moment: the UPDATE in, the DELETE out
            assertThat(r.exitCode()).as("runbook block failed:\n%s\noutput:\n%s", m.group(1), r.output()).isZero();
            assertThat(RestoreAtIT.checksums(server, db)).isEqualTo(expected);
            assertThat(server.sql("SELECT GROUP_CONCAT(v ORDER BY id) FROM " + db + ".orders").strip()).isEqualTo("1,20,3");
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    @Test
    void runbook_standardToolsSection_restoresEveryComponent() throws Exception {
        // given a real backup and the runbook's commands
        Path set = fixture.backup();
        Path restore = Files.createDirectories(dir.resolve("restore"));
        List<String> blocks = blocks();
        assertThat(blocks).as("runbook blocks marked for testing").hasSizeGreaterThanOrEqualTo(5);

        // when each block runs literally, with the variables the runbook tells the reader to set
        for (String block : blocks) {
            ProcessBuilder pb = new ProcessBuilder("sh", "-e", "-c", block).redirectErrorStream(true);
            pb.environment().put("SET", set.toString());
            pb.environment().put("RESTORE", restore.toString());
            pb.environment().put("DB_NEW", fixture.mysqlDb + "_r");
            pb.environment().put("PG_NEW", fixture.pgDb + "_r");
            pb.environment().put("PGHOST", "127.0.0.1");
            pb.environment().put("PGUSER", "postgres");
            pb.environment().put("LC_ALL", "C.UTF-8");
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as("runbook block failed:\n%s\noutput:\n%s", block, out).isZero();
        }

        // then the data is back, as the backup recorded it
        assertThat(Shell.ok("mariadb -uroot -N -e 'SELECT COUNT(*) FROM " + fixture.mysqlDb + "_r.events'").trim())
                .isEqualTo("20000");
        assertThat(Shell.ok("mariadb -uroot -N -e 'SELECT name FROM " + fixture.mysqlDb + "_r.users WHERE id = 2'").trim())
                .isEqualTo("b (with, parens)");
        assertThat(Shell.ok("psql -h 127.0.0.1 -U postgres -w -At -d " + fixture.pgDb + "_r -c 'SELECT count(*) FROM items'")
                .trim()).isEqualTo("500");
        assertThat(Shell.ok("sqlite3 '" + restore.resolve("app.db") + "' 'SELECT count(*) FROM t'").trim()).isEqualTo("3");
        Path index = Path.of(restore.resolve("files").toString(), dir.resolve("www/public/index.php").toString());
        assertThat(index).hasContent("<?php echo 'hello';");
        assertThat(Path.of(restore.resolve("files").toString(), dir.resolve("www/public/uploads/Zoë Müller.txt").toString()))
                .hasContent("non-ASCII name");
    }
}
