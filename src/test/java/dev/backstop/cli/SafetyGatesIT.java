package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.commit.BackupSetLayout;
import dev.backstop.core.BackupId;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.Json;
import dev.backstop.core.Manifest;
import dev.backstop.core.SourceFacts;
import dev.backstop.notify.LocalHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Anomaly, accept and prune through the packaged jar, with a webhook the test receives. */
class SafetyGatesIT {

    @TempDir
    Path dir;

    private LocalHttpServer http;

    @BeforeEach
    void start() throws Exception {
        http = new LocalHttpServer();
        Files.createDirectories(dir.resolve("data"));
    }

    @AfterEach
    void stop() {
        http.close();
    }

    private Path config(String retention) throws Exception {
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: it-host
                state_dir: state
                sources:
                  - name: data
                    type: files
                    paths: [data]
                targets:
                  - name: local
                    type: local
                    path: backups
                    retention: %s
                notify:
                  - type: webhook
                    url: %s
                """.formatted(retention, http.uri("/hook")));
        return config;
    }

    @Test
    void run_dataShrinks_exitsSevenNamesTheFindingAndAcceptMakesItTheBaseline() throws Exception {
        // given two good runs of 2 MB of random data
        Path config = config("{keep_last: 10}");
        Shell.ok("head -c 2000000 /dev/urandom > '" + dir.resolve("data/blob.bin") + "'");
        for (int i = 0; i < 2; i++) {
            BackstopProcess.Result ok = BackstopProcess.run("run", "--config", config.toString());
            assertThat(ok.exitCode()).as(ok.all()).isZero();
        }

        // when the data shrinks to 200 KB
        Shell.ok("head -c 200000 /dev/urandom > '" + dir.resolve("data/blob.bin") + "'");
        BackstopProcess.Result shrunk = BackstopProcess.run("run", "--json", "--config", config.toString());

        // then exit 7, and --json, the log and the webhook name the finding with both values
        assertThat(shrunk.exitCode()).as(shrunk.all()).isEqualTo(7);
        JsonNode json = Json.mapper().readTree(shrunk.out());
        assertThat(json.get("outcome").asText()).isEqualTo("ANOMALY");
        JsonNode finding = json.get("anomalies").get(0);
        assertThat(finding.get("subject").asText()).isEqualTo("data");
        assertThat(finding.get("metric").asText()).isEqualTo("bytes");
        assertThat(finding.get("baseline").asLong()).isGreaterThan(2_000_000);
        assertThat(finding.get("current").asLong()).isLessThan(300_000);
        assertThat(shrunk.err()).contains("WARN").contains("anomaly: data: bytes fell from");
        String id = json.get("id").asText();
        JsonNode hook = Json.mapper().readTree(http.requests().get(http.requests().size() - 1).body());
        assertThat(hook.get("id").asText()).isEqualTo(id);
        assertThat(hook.get("anomalies").get(0).get("message").asText()).isEqualTo(finding.get("message").asText());

        // when the change is accepted, the next run of that size is fine
        BackstopProcess.Result accepted = BackstopProcess.run("accept", id, "--config", config.toString());
        assertThat(accepted.exitCode()).as(accepted.all()).isZero();
        assertThat(accepted.out()).contains("accepted run " + id + " with 2 finding(s)");
        BackstopProcess.Result next = BackstopProcess.run("run", "--config", config.toString());

        // then
        assertThat(next.exitCode()).as(next.all()).isZero();
        assertThat(next.out()).contains("complete");
    }

    @Test
    void accept_unknownRunAndSuccessfulRun_exitTwoSayingWhy() throws Exception {
        // given
        Path config = config("{keep_last: 10}");
        Files.writeString(dir.resolve("data/a.txt"), "a\n");
        BackstopProcess.Result ok = BackstopProcess.run("run", "--json", "--config", config.toString());
        String id = Json.mapper().readTree(ok.out()).get("id").asText();

        // when
        BackstopProcess.Result unknown = BackstopProcess.run("accept", "20200101T000000Z", "--config", config.toString());
        BackstopProcess.Result success = BackstopProcess.run("accept", id, "--config", config.toString());

        // then
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("run 20200101T000000Z is not in the history");
        assertThat(success.exitCode()).isEqualTo(2);
        assertThat(success.err()).contains("ended 'success', not 'anomaly'");
    }

    @Test
    void prune_dryRunOnThreeWeeksOfBackups_printsEveryDecisionAndRemovesNothingThenPruneRemoves() throws Exception {
        // given three weeks of sets made at 03:00, 11:00 and 19:00 UTC, and one run of backstop
        Path config = config("{keep_last: 3, keep_daily: 7, keep_weekly: 4, time_zone: UTC}");
        Instant first = Instant.parse("2025-10-13T03:00:00Z");
        int sets = 0;
        for (Instant t = first; t.isBefore(first.plus(Duration.ofDays(21))); t = t.plus(Duration.ofHours(8))) {
            fakeSet(BackupId.at(t));
            sets++;
        }

        // when
        BackstopProcess.Result dry = BackstopProcess.run("prune", "--dry-run", "--config", config.toString());

        // then
        assertThat(dry.exitCode()).as(dry.all()).isZero();
        Files.writeString(Path.of("target", "prune-dry-run.txt"), dry.out());
        assertThat(dry.out()).startsWith("target local:\n")
                .contains("  keep   20251102T190000Z  last 1/3, daily 1/7, weekly 1/4")
                .contains("  keep   20251102T110000Z  last 2/3")
                .contains("  keep   20251013T030000Z  oldest weekly 4/4")
                .contains("  remove 20251013T110000Z  no rule keeps it")
                .contains("[not verified in history]")
                .endsWith("dry run: would remove " + (sets - 12) + " backup(s) on 1 target(s)\n");
        assertThat(manifests()).hasSize(sets);

        // when pruned for real
        BackstopProcess.Result prune = BackstopProcess.run("prune", "--config", config.toString());

        // then
        assertThat(prune.exitCode()).as(prune.all()).isZero();
        assertThat(manifests()).hasSize(12);
        assertThat(prune.out()).endsWith("removed " + (sets - 12) + " backup(s) on 1 target(s)\n");
    }

    private void fakeSet(BackupId id) throws Exception {
        Path set = Files.createDirectories(dir.resolve("backups").resolve(BackupSetLayout.finalDir("it-host", id)));
        Manifest m = new Manifest(Manifest.FORMAT_VERSION, id.toString(), "it-host", "test", id.time(),
                id.time().plusSeconds(30), List.of(new ComponentEntry("data", "files", "data.tar.gz", "gzip", 1000, 3000,
                "ab".repeat(32), 100, SourceFacts.none())), List.of());
        Files.write(set.resolve(Manifest.FILE_NAME), m.toJson());
    }

    private List<Path> manifests() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("backups"))) {
            return s.filter(p -> p.getFileName().toString().equals(Manifest.FILE_NAME)).toList();
        }
    }
}
