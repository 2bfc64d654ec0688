package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.FileTrees;
import dev.backstop.source.files.IncrementalSets;
import dev.backstop.source.files.RawTree;
import dev.backstop.source.files.TreeChanges;
import dev.backstop.target.local.LocalConfig;
import dev.backstop.target.local.LocalTarget;
import dev.backstop.source.mysql.BinlogServer;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follows docs/disaster-recovery.md literally: every block fenced as {@code ```sh runbook} runs,
 * in order, with {@code sh -e} on a real backup, and the restored data is checked; the block
 * fenced as {@code ```sh runbook-chain} runs on a chain of incremental file archives built here. A
 * command that stops working in the runbook fails this test.
 */
@RequiresService({Services.MariaDb.class, Services.Postgres.class})
class RunbookIT {

    private static final Pattern BLOCK = Pattern.compile("```sh runbook\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CHAIN_BLOCK = Pattern.compile("```sh runbook-chain\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    private BackupFixture fixture;

    @AfterEach
    void tearDown() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    static List<String> blocks() throws Exception {
        return blocks(BLOCK);
    }

    private static List<String> blocks(Pattern fence) throws Exception {
        String doc = Files.readString(Path.of("docs/disaster-recovery.md"), StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>();
        Matcher m = fence.matcher(doc);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** What a block printed, and how it exited. */
    private record Ran(int exitCode, String output) {
    }

    /** Runs {@code block} literally with {@code sh -e}, with the variables the runbook tells the reader to set. */
    private static Ran run(String block, Map<String, String> variables) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-e", "-c", block).redirectErrorStream(true);
        pb.environment().putAll(variables);
        pb.environment().put("LC_ALL", "C.UTF-8");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Ran(p.exitValue(), out);
    }

    @Test
    @RequiresService(BinlogServer.Binaries.class)
    void runbook_pointInTimeSection_restoresTheRowsOfTheMoment() throws Exception {
        // given a dump of a server with binary logs, writes after it, then a DELETE, all archived
        try (BinlogServer server = BinlogServer.startInTempDir()) {
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
        }
    }

    @Test
    void runbook_standardToolsSection_restoresEveryComponent() throws Exception {
        // given a real backup and the runbook's commands
        fixture = new BackupFixture(dir);
        Path set = fixture.backup();
        Path restore = Files.createDirectories(dir.resolve("restore"));
        List<String> blocks = blocks();
        assertThat(blocks).as("runbook blocks marked for testing").hasSizeGreaterThanOrEqualTo(5);

        // when each block runs literally, with the variables the runbook tells the reader to set
        for (String block : blocks) {
            Ran ran = run(block, Map.of("SET", set.toString(), "RESTORE", restore.toString(),
                    "DB_NEW", fixture.mysqlDb + "_r", "PG_NEW", fixture.pgDb + "_r", "PGHOST", "127.0.0.1",
                    "PGUSER", "postgres"));
            assertThat(ran.exitCode()).as("runbook block failed:\n%s\noutput:\n%s", block, ran.output()).isZero();
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

    @Test
    void runbook_chainBlock_restoresTheTreeOfTheNewestSetWithTarAloneAndStopsAtAMissingSet() throws Exception {
        // given four sets of a files source, a full and three increments, the tree changed at random between them
        Path data = dir.resolve("www");
        RawTree.create(Files.createDirectories(data.resolve("odd")), RawTree.trickyEntries());
        LocalTarget target = new LocalTarget(new LocalConfig("local", dir.resolve("backups"),
                RetentionPolicy.keepEverything()));
        target.preflight(0);
        IncrementalSets sets = new IncrementalSets("api-gateway", "application", List.of(data), List.of(), null,
                Files.createDirectories(dir.resolve("spool")));
        sets.commit(false, target);
        for (int n = 1; n <= 3; n++) {
            TreeChanges.apply(data, n, 25);
            sets.commit(false, target);
        }
        List<String> chainBlocks = blocks(CHAIN_BLOCK);
        assertThat(chainBlocks).as("runbook blocks marked sh runbook-chain").hasSize(1);
        Path restore = dir.resolve("restore");
        Map<String, String> variables = Map.of("HOST_DIR", dir.resolve("backups/api-gateway").toString(),
                "ID", sets.ids().get(3), "NAME", "application", "RESTORE", restore.toString());

        // when the block runs literally
        Ran ran = run(chainBlocks.get(0), variables);

        // then the tree is the one of the newest set, and every set of the chain was used, oldest first
        assertThat(ran.exitCode()).as("runbook block failed; output:\n%s", ran.output()).isZero();
        assertThat(ran.output()).contains("chain, oldest first: " + String.join(" ", sets.ids().stream()
                .map(id -> id.substring(0, 4) + "/" + id.substring(4, 6) + "/" + id.substring(6, 8) + "/" + id).toList()));
        Path tree = Path.of(restore.resolve("files").toString(), data.toString());
        assertThat(TreeChanges.listing(tree, true)).isEqualTo(TreeChanges.listing(data, true));
        assertThat(RawTree.of(tree)).isEqualTo(RawTree.of(data));

        // and with the second set gone, the block stops before it extracts anything, naming that set
        String missing = sets.ids().get(1);
        FileTrees.delete(dir.resolve("backups/api-gateway/" + missing.substring(0, 4) + "/" + missing.substring(4, 6)
                + "/" + missing.substring(6, 8) + "/" + missing));
        FileTrees.delete(restore);
        Ran broken = run(chainBlocks.get(0), variables);
        assertThat(broken.exitCode()).isNotZero();
        assertThat(broken.output()).contains("cannot access", missing);
        assertThat(restore).doesNotExist();
    }
}
