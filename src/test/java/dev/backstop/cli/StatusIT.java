package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backstop status} and {@code backstop metrics} of the packaged jar over real runs of a
 * SQLite and a files source into a local target: OK after a run and a restore test, WARNING
 * after an anomaly, CRITICAL for a stale backup, a set gone from the target, a failed run;
 * UNKNOWN for a configuration that cannot be read.
 */
class StatusIT {

    @TempDir
    Path dir;

    @Test
    void status_throughRealRuns_followsTheHealthOfTheBackups() throws Exception {
        // given: a database and files, with one big file that will disappear
        Path config = setUp();
        assertThat(backstop("run", config).exitCode()).isZero();
        assertThat(backstop("restore-test", config).exitCode()).isZero();

        // when / then: OK
        BackstopProcess.Result ok = backstop("status", config);
        System.out.println("status OK: " + ok.out());
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).startsWith("BACKSTOP OK - newest backup ").contains(" stored and verified on local; restore test passed")
                .contains(" | ").contains("'age_local'=").containsPattern("'restore_time'=[0-9.]+s");
        assertThat(ok.out().lines().count()).isEqualTo(1);

        // stale: the RPO is shorter than the backup's age
        Thread.sleep(1100);
        BackstopProcess.Result stale = backstop("status", config, "--max-age", "1s");
        System.out.println("status CRITICAL (stale): " + stale.out());
        assertThat(stale.exitCode()).isEqualTo(2);
        assertThat(stale.out()).startsWith("BACKSTOP CRITICAL - newest backup on target local is ").contains("older than --max-age 1.0s");

        // WARNING: the big file is gone, the files component shrinks far beyond 20 %
        Files.delete(dir.resolve("data/files/big.bin"));
        assertThat(backstop("run", config).exitCode()).isEqualTo(7);
        BackstopProcess.Result warning = backstop("status", config);
        System.out.println("status WARNING: " + warning.out());
        assertThat(warning.exitCode()).isEqualTo(1);
        assertThat(warning.out()).startsWith("BACKSTOP WARNING - newest run ").contains("anomaly finding(s): uploads: bytes fell")
                .contains("if expected: backstop accept ");

        // CRITICAL with --check-targets: a set history records is gone from the target
        Path firstSet;
        try (Stream<Path> s = Files.walk(dir.resolve("backups/status-host"), 4)) {
            firstSet = s.filter(p -> p.getFileName().toString().matches("\\d{8}T\\d{6}Z")).sorted().findFirst().orElseThrow();
        }
        Shell.ok("rm -rf '" + firstSet + "'");
        BackstopProcess.Result missing = backstop("status", config, "--check-targets");
        System.out.println("status CRITICAL (check-targets): " + missing.out());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.out()).startsWith("BACKSTOP CRITICAL - target local: " + firstSet.getFileName()
                + ": history records this backup as committed");
        assertThat(backstop("status", config).exitCode()).as("without --check-targets history alone is read").isEqualTo(1);

        // CRITICAL: the newest run failed
        Files.delete(dir.resolve("data/app.db"));
        int failedRun = backstop("run", config).exitCode();
        assertThat(failedRun).isNotZero();
        BackstopProcess.Result critical = backstop("status", config, "--json");
        JsonNode json = Json.mapper().readTree(critical.out());
        System.out.println("status CRITICAL (failed run): " + json.get("line").asText());
        assertThat(critical.exitCode()).isEqualTo(2);
        assertThat(json.get("status").asText()).isEqualTo("CRITICAL");
        assertThat(json.get("line").asText()).startsWith("BACKSTOP CRITICAL - newest run ").contains(" failed: ");
        assertThat(json.get("perfdata").get("age_local").asLong()).isPositive();

        // metrics into a textfile, replaced atomically (no temporary file left beside it)
        Path prom = dir.resolve("textfile/backstop.prom");
        Files.createDirectories(prom.getParent());
        assertThat(backstop("metrics", config, "--textfile", prom.toString()).exitCode()).isZero();
        assertThat(backstop("metrics", config, "--textfile", prom.toString()).exitCode()).isZero();
        assertThat(Files.readString(prom)).contains("backstop_last_run_outcome{outcome=\"failed\"} 1")
                .contains("backstop_runs_total{outcome=\"anomaly\"} 1").contains("backstop_component_bytes{component=\"uploads\"");
        try (Stream<Path> s = Files.list(prom.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("backstop.prom");
        }
    }

    @Test
    void status_unreadableConfigurationOrUsage_isUnknown() throws Exception {
        // given
        Path config = dir.resolve("broken.yml");
        Files.writeString(config, "sources: [\n");

        // when
        BackstopProcess.Result broken = backstop("status", config);
        BackstopProcess.Result usage = BackstopProcess.run("status", "--no-such-option");
        BackstopProcess.Result noHistory = backstop("status", setUp());

        // then
        System.out.println("status UNKNOWN: " + broken.out());
        assertThat(broken.exitCode()).isEqualTo(3);
        assertThat(broken.out()).startsWith("BACKSTOP UNKNOWN - ").contains("broken.yml");
        assertThat(usage.exitCode()).isEqualTo(3);
        assertThat(noHistory.exitCode()).isEqualTo(3);
        assertThat(noHistory.out()).contains("no history at ").contains("run `backstop run` once");
        assertThat(Files.exists(dir.resolve("state/history.db"))).as("status writes nothing").isFalse();
    }

    private Path setUp() throws Exception {
        Files.createDirectories(dir.resolve("data/files"));
        Files.writeString(dir.resolve("data/files/index.html"), "<h1>hello</h1>\n");
        byte[] noise = new byte[400_000];
        new Random(1).nextBytes(noise);
        Files.write(dir.resolve("data/files/big.bin"), noise);
        Shell.ok("sqlite3 '" + dir.resolve("data/app.db") + "' 'CREATE TABLE t(x); INSERT INTO t VALUES (1),(2),(3);'");
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: status-host
                state_dir: state
                sources:
                  - name: appdb
                    type: sqlite
                    path: data/app.db
                  - name: uploads
                    type: files
                    paths: [data/files]
                targets:
                  - name: local
                    type: local
                    path: backups
                """);
        return config;
    }

    private static BackstopProcess.Result backstop(String command, Path config, String... more) throws Exception {
        String[] args = new String[more.length + 3];
        args[0] = command;
        args[1] = "--config";
        args[2] = config.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return BackstopProcess.run(args);
    }
}
