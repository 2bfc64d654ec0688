package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.Json;
import dev.backstop.run.RunLock;
import dev.backstop.source.mysql.BinlogServer;
import dev.backstop.testing.RequiresService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RequiresService(BinlogServer.Binaries.class)
class ArchiveLogsCommandTest {

    private static Path scratch;
    private static BinlogServer server;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startServer() throws Exception {
        scratch = Files.createTempDirectory("backstop-binlog-");
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx--x--x"));
        server = BinlogServer.start(scratch.resolve("server"));
        server.sql("CREATE TABLE t.orders (i INT PRIMARY KEY); INSERT INTO t.orders VALUES (1), (2), (3); FLUSH BINARY LOGS;");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        Files.deleteIfExists(scratch);
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
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: web1
                state_dir: %s
                sources:
                  - name: appdb
                    type: mysql
                    database: t
                    socket: %s
                    log_archive:
                      defaults_file: %s
                      segment_max_age: 1s
                targets:
                  - {name: local, type: local, path: %s}
                """.formatted(dir.resolve("state"), server.socket(), server.replicationCnf(), dir.resolve("backups")));
        return config;
    }

    private int backstop(String... args) {
        return Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }
}
