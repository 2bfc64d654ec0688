package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.BackupId;
import dev.backstop.core.Json;
import dev.backstop.run.RunLock;
import dev.backstop.source.mysql.BinlogServer;
import dev.backstop.testing.RequiresService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RequiresService(BinlogServer.Binaries.class)
class ArchiveLogsCommandTest {

    private static BinlogServer server;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startServer() throws Exception {
        server = BinlogServer.startInTempDir();
        server.sql("CREATE TABLE t.orders (i INT PRIMARY KEY); INSERT INTO t.orders VALUES (1), (2), (3); FLUSH BINARY LOGS;");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void once_sourceWithLogArchive_everyLogOnTheTargetExit0() throws Exception {
        Path config = config();

        int code = backstop("archive-logs", "--once", "--config", config.toString());

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Path first = dir.resolve("backups/web1/logs/appdb/bin.000001");
        try (Stream<Path> files = Files.list(first)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.matches("000000000000-\\d{12}\\.gz"))
                    .anyMatch(n -> n.matches("000000000000-\\d{12}\\.gz\\.sha256"));
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("on 1 target(s)");
    }

    @Test
    void runThenArchive_manifestAnchorsTheChainAndStatusShowsTheLag() throws Exception {
        Path config = config();

        int run = backstop("run", "--config", config.toString());
        int archived = backstop("archive-logs", "--once", "--config", config.toString());
        out.reset();
        int status = backstop("status", "--json", "--config", config.toString());

        assertThat(run).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(archived).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode binlog;
        try (Stream<Path> files = Files.walk(dir.resolve("backups/web1"))) {
            Path manifest = files.filter(p -> p.getFileName().toString().equals("MANIFEST.json")).findFirst().orElseThrow();
            binlog = Json.mapper().readTree(manifest.toFile()).get("components").get(0).get("facts").get("binlog");
        }
        assertThat(binlog.get("file").asText()).startsWith("bin.");
        assertThat(binlog.get("position").asLong()).isPositive();
        assertThat(dir.resolve("backups/web1/logs/appdb").resolve(binlog.get("file").asText())).isDirectory();
        JsonNode json = Json.mapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(1); // no restore test yet: WARNING
        assertThat(json.get("log_archive").get(0).get("source").asText()).isEqualTo("appdb");
        assertThat(json.get("log_archive").get(0).get("lag_seconds").asLong()).isBetween(0L, 60L);
        assertThat(json.get("log_archive").get(0).get("max_lag_seconds").asLong()).isPositive();
        assertThat(json.get("perfdata").has("log_lag_appdb")).isTrue();
        // a --once archiver that ended is done, not stopped: cron runs it again
        assertThat(json.get("log_archive").get(0).get("archiver").get("condition").asText()).isEqualTo("done");
    }

    @Test
    void runThenArchive_listStatusAndMetricsShowTheRecoveryWindowFromTheDump() throws Exception {
        Path config = config();
        assertThat(backstop("run", "--config", config.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(backstop("archive-logs", "--once", "--config", config.toString())).as(err.toString(StandardCharsets.UTF_8))
                .isZero();
        String dump;
        try (Stream<Path> files = Files.walk(dir.resolve("backups/web1"))) {
            dump = files.filter(p -> p.getFileName().toString().equals("MANIFEST.json")).findFirst().orElseThrow()
                    .getParent().getFileName().toString();
        }

        out.reset();
        backstop("status", "--json", "--config", config.toString());
        JsonNode window = Json.mapper().readTree(out.toString(StandardCharsets.UTF_8)).get("log_archive").get(0)
                .get("recovery_window");
        out.reset();
        int list = backstop("list", "--config", config.toString());
        String listed = out.toString(StandardCharsets.UTF_8);
        out.reset();
        backstop("metrics", "--config", config.toString());
        String metrics = out.toString(StandardCharsets.UTF_8);

        assertThat(window.get("dump").asText()).isEqualTo(dump);
        assertThat(Instant.parse(window.get("from").asText())).isEqualTo(BackupId.parse(dump).time());
        assertThat(Instant.parse(window.get("to").asText())).isAfter(BackupId.parse(dump).time());
        assertThat(list).isZero();
        assertThat(listed).contains("recovery window of appdb on local: from " + BackupId.parse(dump).time() + " (dump " + dump
                + ") to " + Instant.parse(window.get("to").asText()).truncatedTo(ChronoUnit.SECONDS));
        assertThat(metrics).contains("backstop_log_archive_gaps{source=\"appdb\"} 0")
                .containsPattern("backstop_log_archive_recovery_window_seconds\\{source=\"appdb\"} [1-9][0-9]*\\.")
                .containsPattern("backstop_log_archive_lag_seconds\\{source=\"appdb\"} [0-9]\\.");
    }

    @Test
    void prune_keepLastOne_removesTheLogFilesBeforeTheKeptDumpOnly() throws Exception {
        // given two dumps with a rotation between them, and every log archived
        Path config = config("{keep_last: 1}");
        assertThat(backstop("run", "--config", config.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
        server.sql("INSERT INTO t.orders VALUES (10 + FLOOR(RAND() * 1000000)); FLUSH BINARY LOGS;");
        Thread.sleep(1100); // a backup id per second
        assertThat(backstop("run", "--config", config.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(backstop("archive-logs", "--once", "--config", config.toString())).isZero();
        Path logs = dir.resolve("backups/web1/logs/appdb");
        List<String> before;
        try (Stream<Path> files = Files.list(logs)) {
            before = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        String kept = newestAnchor();

        // when a dry run, then the prune
        out.reset();
        int dry = backstop("prune", "--dry-run", "--config", config.toString());
        String plan = out.toString(StandardCharsets.UTF_8);
        int pruned = backstop("prune", "--config", config.toString());

        // then the files before the kept dump's go, with the reason, and what stays still verifies
        assertThat(dry).isZero();
        assertThat(plan).contains("remove logs/appdb/" + before.get(0) + "  before " + kept)
                .contains("keep   logs/appdb/" + kept.substring(0, kept.indexOf(':')) + "  the oldest kept dump")
                .contains("and the segments of ");
        assertThat(pruned).isZero();
        try (Stream<Path> files = Files.list(logs)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .allMatch(f -> f.compareTo(kept.substring(0, kept.indexOf(':'))) >= 0)
                    .contains(kept.substring(0, kept.indexOf(':')));
        }
        out.reset();
        assertThat(backstop("verify", "--read-data", "--config", config.toString())).as(out.toString(StandardCharsets.UTF_8))
                .isZero();
    }

    /** The binlog position the newest dump on the target records: {@code bin.000004:385}. */
    private String newestAnchor() throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("backups/web1"))) {
            Path manifest = files.filter(p -> p.getFileName().toString().equals("MANIFEST.json")).max(Path::compareTo)
                    .orElseThrow();
            JsonNode binlog = Json.mapper().readTree(manifest.toFile()).get("components").get(0).get("facts").get("binlog");
            return binlog.get("file").asText() + ":" + binlog.get("position").asLong();
        }
    }

    @Test
    void status_archiverNeverRan_critical() throws Exception {
        Path config = config();
        assertThat(backstop("run", "--config", config.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
        out.reset();

        int status = backstop("status", "--config", config.toString());

        assertThat(status).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("source appdb: the binary-log archiver has never caught up");
    }

    @Test
    void once_anotherArchiverHoldsTheLock_exit3() throws Exception {
        Path config = config();
        Files.createDirectories(dir.resolve("state"));

        try (RunLock held = RunLock.acquire(dir.resolve("state/archive-logs.lock"))) {
            assertThat(backstop("archive-logs", "--once", "--config", config.toString())).isEqualTo(3);
        }
        assertThat(dir.resolve("backups/web1/logs")).doesNotExist();
    }

    @Test
    void service_interrupted_endsWithTheSignalsCodeNotAsACrash() throws Exception {
        // given the service streaming
        Path config = config();
        int[] code = {-1};
        Thread service = new Thread(() -> code[0] = backstop("archive-logs", "--config", config.toString()));
        service.start();
        Path record = dir.resolve("state/logs/appdb/archiver.json");
        for (int i = 0; i < 300 && !err.toString(StandardCharsets.UTF_8).contains("streaming logs from"); i++) {
            Thread.sleep(100);
        }

        // when it is stopped as a signal stops it
        service.interrupt();
        service.join(30_000);

        // then it ends with the signal's exit code, its record says why, and nothing reads as a bug
        assertThat(code[0]).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(130);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("interrupted by SIGINT").doesNotContain("internal error");
        assertThat(Json.mapper().readTree(record.toFile()).has("exited_at")).isTrue();
    }

    @Test
    void once_noSourceWithLogArchive_exit2NamingIt() throws Exception {
        Path config = dir.resolve("plain.yml");
        Files.writeString(config, """
                host: web1
                state_dir: %s
                sources:
                  - {name: packages, type: command, command: [sh, -c, "echo x"]}
                targets:
                  - {name: local, type: local, path: %s}
                """.formatted(dir.resolve("state"), dir.resolve("backups")));

        assertThat(backstop("archive-logs", "--once", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no source has log_archive");
    }

    private Path config() throws Exception {
        return config("{}");
    }

    private Path config(String retention) throws Exception {
        return BinlogSourceConfigs.write(dir, server, "t", ", retention: " + retention, "");
    }

    private int backstop(String... args) {
        return Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }
}
