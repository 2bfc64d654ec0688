package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.Json;
import dev.backstop.core.RunOutcome;
import dev.backstop.history.HistoryStore;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backstop run} end to end: the packaged jar, real databases, real files, standard tools. */
class RunCommandIT {

    @TempDir
    Path dir;

    private final String suffix = Long.toHexString(System.nanoTime());
    private final String mysqlDb = "bs_it_" + suffix;
    private final String pgDb = "bs_it_" + suffix;

    @AfterEach
    void dropDatabases() throws Exception {
        Shell.run("mariadb -uroot -e 'DROP DATABASE IF EXISTS " + mysqlDb + "; DROP DATABASE IF EXISTS " + mysqlDb + "_r'");
        Shell.run("psql -h 127.0.0.1 -U postgres -d postgres -w -c 'DROP DATABASE IF EXISTS " + pgDb
                + "' -c 'DROP DATABASE IF EXISTS " + pgDb + "_r'");
    }

    @BeforeEach
    void sampleFiles() throws Exception {
        Files.createDirectories(dir.resolve("www/public/uploads"));
        Files.writeString(dir.resolve("www/public/index.php"), "<?php echo 'hello';\n");
        Files.writeString(dir.resolve("www/public/uploads/Zoë Müller.txt"), "non-ASCII name\n");
        Files.createDirectories(dir.resolve("www/storage/logs"));
        Files.writeString(dir.resolve("www/storage/logs/laravel.log"), "excluded\n");
        Shell.ok("sqlite3 '" + dir.resolve("app.db") + "' 'CREATE TABLE t(x); INSERT INTO t VALUES (1),(2),(3);'");
    }

    private Path config(String sources) throws Exception {
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: it-host
                state_dir: %s
                sources:
                %s
                targets:
                  - name: local
                    type: local
                    path: %s
                """.formatted(dir.resolve("state"), sources, dir.resolve("backups")));
        return config;
    }

    private static final String FILE_SOURCES = """
              - name: app
                type: sqlite
                path: app.db
              - name: www
                type: files
                paths: [www]
                exclude: ["storage/logs/**"]
            """;

    @Test
    @RequiresService({Services.MariaDb.class, Services.Postgres.class})
    void run_everySourceType_commitsSetThatStandardToolsRestore() throws Exception {
        Shell.ok("mariadb -uroot -e \"CREATE DATABASE " + mysqlDb + "; USE " + mysqlDb + ";"
                + " CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(50));"
                + " INSERT INTO users VALUES (1,'a'),(2,'b (with, parens)'),(3,'c');"
                + " CREATE TABLE empty_table (id INT);\"");
        Shell.ok("psql -h 127.0.0.1 -U postgres -d postgres -w -c 'CREATE DATABASE " + pgDb + "'");
        Shell.ok("psql -h 127.0.0.1 -U postgres -d " + pgDb + " -w -c 'CREATE TABLE items (id int, label text);"
                + " INSERT INTO items SELECT g, md5(g::text) FROM generate_series(1, 500) g;'");
        Path config = config(FILE_SOURCES + """
                  - name: mydb
                    type: mysql
                    database: %s
                    user: root
                  - name: pgdb
                    type: postgres
                    database: %s
                    host: 127.0.0.1
                    user: postgres
                  - name: packages
                    type: command
                    command: [sh, -c, "echo tar 1.34; echo gzip 1.12"]
                """.formatted(mysqlDb, pgDb));

        BackstopProcess.Result run = BackstopProcess.run("run", "--config", config.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("complete").contains("local verified");
        Path set;
        try (Stream<Path> s = Files.walk(dir.resolve("backups"))) {
            set = s.filter(p -> p.getFileName().toString().equals("MANIFEST.json")).findFirst().orElseThrow().getParent();
        }
        assertThat(dir.resolve("backups").relativize(set).toString()).matches("it-host/\\d{4}/\\d{2}/\\d{2}/\\d{8}T\\d{6}Z");
        assertThat(Shell.ok("cd '" + set + "' && sha256sum -c SHA256SUMS")).contains("mydb.sql.gz: OK");
        assertThat(Shell.ok("cd '" + set + "' && zcat app.sqlite.gz > /tmp/bs-" + suffix + ".db && sqlite3 /tmp/bs-"
                + suffix + ".db 'SELECT count(*) FROM t'; rm -f /tmp/bs-" + suffix + ".db").trim()).isEqualTo("3");
        assertThat(Shell.ok("cd '" + set + "' && tar tzf www.tar.gz"))
                .contains("public/uploads/Zoë Müller.txt").doesNotContain("laravel.log");
        Shell.ok("mariadb -uroot -e 'CREATE DATABASE " + mysqlDb + "_r' && cd '" + set + "' && zcat mydb.sql.gz | mariadb -uroot "
                + mysqlDb + "_r");
        assertThat(Shell.ok("mariadb -uroot -N -e 'SELECT count(*) FROM " + mysqlDb + "_r.users'").trim()).isEqualTo("3");
        Shell.ok("psql -h 127.0.0.1 -U postgres -d postgres -w -c 'CREATE DATABASE " + pgDb + "_r' && cd '" + set
                + "' && zcat pgdb.sql.gz | psql -q -h 127.0.0.1 -U postgres -w -v ON_ERROR_STOP=1 -d " + pgDb + "_r");
        assertThat(Shell.ok("psql -h 127.0.0.1 -U postgres -w -At -d " + pgDb + "_r -c 'SELECT count(*) FROM items'").trim())
                .isEqualTo("500");
        assertThat(Shell.ok("cd '" + set + "' && zcat packages.txt.gz")).contains("gzip 1.12");

        JsonNode manifest = Json.mapper().readTree(set.resolve("MANIFEST.json").toFile());
        assertThat(manifest.get("host").asText()).isEqualTo("it-host");
        JsonNode mydb = manifest.get("components").get(2);
        assertThat(mydb.get("name").asText()).isEqualTo("mydb");
        assertThat(mydb.get("facts").get("table_rows").get("users").asLong()).isEqualTo(3);
        assertThat(mydb.get("facts").get("table_rows").get("empty_table").asLong()).isZero();
        assertThat(mydb.get("facts").get("server_version").asText()).containsIgnoringCase("MariaDB");
        assertThat(Files.getPosixFilePermissions(set.resolve("mydb.sql.gz"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(set)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(dir.resolve("backups/it-host/.partial")).satisfiesAnyOf(
                p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());

        BackstopProcess.Result list = BackstopProcess.run("list", "--config", config.toString());
        assertThat(list.exitCode()).as(list.all()).isZero();
        assertThat(list.out()).contains(set.getFileName().toString()).contains("verified");
    }

    @Test
    void run_json_printsMachineReadableResult() throws Exception {
        Path config = config(FILE_SOURCES);

        BackstopProcess.Result run = BackstopProcess.run("run", "--json", "--config", config.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        JsonNode json = Json.mapper().readTree(run.out());
        assertThat(json.get("outcome").asText()).isEqualTo("SUCCESS");
        assertThat(json.get("targets").get(0).get("state").asText()).isEqualTo("committed");
        assertThat(json.get("components")).hasSize(2);
    }

    @Test
    void run_whileAnotherRunHoldsTheLock_exitsThreeAndTouchesNothing() throws Exception {
        Path config = config(FILE_SOURCES + """
                  - name: slow
                    type: command
                    command: [sh, -c, "sleep 4; echo done"]
                """);
        Process first = BackstopProcess.start(dir, Map.of(), List.of(), "run", "--config", config.toString());
        waitForHistoryRow(config);

        BackstopProcess.Result second = BackstopProcess.run("run", "--config", config.toString());

        assertThat(second.exitCode()).as(second.all()).isEqualTo(3);
        assertThat(second.err()).contains("another backstop run holds the lock");
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isZero();
        try (HistoryStore history = HistoryStore.open(dir.resolve("state/history.db"))) {
            assertThat(history.recentRuns(10)).hasSize(1);
        }
    }

    private void waitForHistoryRow(Path config) throws Exception {
        Path db = dir.resolve("state/history.db");
        for (int i = 0; i < 200; i++) {
            if (Files.exists(db)) {
                try (HistoryStore history = HistoryStore.open(db)) {
                    if (!history.recentRuns(1).isEmpty()) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the first run never recorded its start");
    }

    @Test
    void run_sourceFails_exitsFiveCommitsNothingAndHistorySaysWhy() throws Exception {
        Path config = config(FILE_SOURCES + """
                  - name: broken
                    type: command
                    command: [sh, -c, "echo partial output; echo 'disk on fire' >&2; exit 3"]
                """);

        BackstopProcess.Result run = BackstopProcess.run("run", "--config", config.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(5);
        assertThat(run.err()).contains("broken").contains("disk on fire");
        assertThat(committedSets()).isEmpty();
        try (HistoryStore history = HistoryStore.open(dir.resolve("state/history.db"))) {
            var row = history.recentRuns(1).get(0);
            assertThat(row.outcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(row.exitCode()).isEqualTo(5);
            assertThat(row.reason()).contains("disk on fire");
        }
        try (Stream<Path> spool = Files.list(dir.resolve("state/spool"))) {
            assertThat(spool).isEmpty();
        }
    }

    @Test
    void run_componentBelowMinSize_exitsFive() throws Exception {
        Path config = config("""
                  - name: tiny
                    type: command
                    command: [echo, hi]
                    min_size: 1MB
                """);

        BackstopProcess.Result run = BackstopProcess.run("run", "--config", config.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(5);
        assertThat(run.err()).contains("tiny").contains("min_size");
        assertThat(committedSets()).isEmpty();
    }

    @Test
    void run_emptyComponent_exitsFive() throws Exception {
        Path config = config("""
                  - name: nothing
                    type: command
                    command: ["true"]
                """);

        BackstopProcess.Result run = BackstopProcess.run("run", "--config", config.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(5);
        assertThat(run.err()).contains("nothing").contains("empty");
    }

    @Test
    void run_malformedConfiguration_exitsTwoNamingFileLineAndKey() throws Exception {
        Path config = dir.resolve("bad.yml");
        Files.writeString(config, "host: x\nstate_dir: /tmp/x\nsources:\n  - name: a\n    type: files\n    pathz: [/etc]\n"
                + "targets:\n  - name: l\n    type: local\n    path: /tmp/y\n", StandardCharsets.UTF_8);

        BackstopProcess.Result run = BackstopProcess.run("run", "--config", config.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains(config + ":6:").contains("sources[0].pathz");
    }

    @Test
    void init_writesStarterThatValidates_andNeverOverwrites() throws Exception {
        Path starter = dir.resolve("etc/backstop.yml");

        BackstopProcess.Result init = BackstopProcess.run("init", "--config", starter.toString());
        BackstopProcess.Result check = BackstopProcess.run("config", "check", "--config", starter.toString());
        BackstopProcess.Result again = BackstopProcess.run("init", "--config", starter.toString());

        assertThat(init.exitCode()).as(init.all()).isZero();
        assertThat(Files.getPosixFilePermissions(starter)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(check.exitCode()).as(check.all()).isZero();
        assertThat(check.out()).contains(": valid");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("exists already");
    }

    @Test
    void version_andHelp_exitZero() throws Exception {
        assertThat(BackstopProcess.run("--version").out()).startsWith("backstop ");
        for (String command : List.of("run", "list", "init", "config")) {
            BackstopProcess.Result help = BackstopProcess.run(command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).contains("Usage: backstop " + command);
        }
    }

    private List<Path> committedSets() throws Exception {
        Path root = dir.resolve("backups");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals("MANIFEST.json")).toList();
        }
    }
}
