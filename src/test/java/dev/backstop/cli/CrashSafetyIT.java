package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.Json;
import dev.backstop.core.RunOutcome;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.NotificationRecord;
import dev.backstop.history.RunRecord;
import dev.backstop.notify.LocalHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL at any moment leaves a consistent history; SIGTERM still notifies. */
class CrashSafetyIT {

    @TempDir
    Path dir;

    private Path config(String extra) throws Exception {
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: it-host
                state_dir: state
                sources:
                  - name: data
                    type: files
                    paths: [data]
                  - name: noise
                    type: command
                    # 3 s at least, however fast the machine: every kill below lands while the run is in flight
                    command: [sh, -c, "for i in $(seq 30); do head -c 65536 /dev/urandom; sleep 0.1; done"]
                %s
                targets:
                  - name: local
                    type: local
                    path: backups
                    retention: {keep_last: 3}
                """.formatted(extra));
        return config;
    }

    @Test
    @Timeout(120)
    void run_sigkilledAtVariedMoments_historyStaysIntactAndTheNextRunRecovers() throws Exception {
        // given data that takes a moment to back up
        Files.createDirectories(dir.resolve("data"));
        Shell.ok("head -c 8000000 /dev/urandom > '" + dir.resolve("data/blob.bin") + "'");
        Path config = config("");
        Path db = dir.resolve("state/history.db");
        long start = System.nanoTime();
        List<String> seen = new ArrayList<>();

        for (int i = 0; i < 12; i++) {
            // when a run is killed with SIGKILL after 0 ms, 230 ms, ... 2530 ms
            Process run = BackstopProcess.start(dir, Map.of(), List.of(), "run", "--config", config.toString());
            Thread.sleep(230L * i);
            run.destroyForcibly();
            assertThat(run.waitFor(10, TimeUnit.SECONDS)).isTrue();
            seen.add(run.exitValue() == 137 ? "killed" : "exit " + run.exitValue());

            // then SQLite finds the file intact and every row consistent
            checkHistory(db, "after kill " + i + " at " + 230 * i + " ms");
        }
        assertThat(seen).as("most runs were killed in flight: %s", seen).filteredOn("killed"::equals).hasSizeGreaterThan(6);

        // and the next run sweeps, marks the dead runs aborted, and succeeds
        BackstopProcess.Result next = BackstopProcess.run("run", "--config", config.toString());
        assertThat(next.exitCode()).as(next.all()).isZero();
        checkHistory(db, "after the final run");
        try (HistoryStore h = HistoryStore.open(db)) {
            List<RunRecord> runs = h.recentRuns(100);
            assertThat(runs.get(0).outcome()).isEqualTo(RunOutcome.SUCCESS);
            assertThat(runs).noneMatch(r -> r.outcome() == RunOutcome.RUNNING);
        }
        try (Stream<Path> partial = Files.list(dir.resolve("backups/it-host/.partial"))) {
            assertThat(partial.toList()).isEmpty();
        }
        assertThat(System.nanoTime() - start).as("the kill loop stays short").isLessThan(TimeUnit.SECONDS.toNanos(90));
    }

    private static void checkHistory(Path db, String when) throws Exception {
        if (!Files.exists(db)) {
            return; // killed before the history was created: nothing to be inconsistent
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'runs'")) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    // killed while the schema was being created: each step is a transaction, so no step is recorded
                    try (ResultSet v = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'schema_version'")) {
                        v.next();
                        if (v.getInt(1) == 1) {
                            try (ResultSet n = s.executeQuery("SELECT count(*) FROM schema_version")) {
                                n.next();
                                assertThat(n.getInt(1)).as("%s: schema steps recorded without their tables", when).isZero();
                            }
                        }
                    }
                    return;
                }
            }
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as(when).isEqualTo("ok");
            }
            try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
                assertThat(rs.next()).as("%s: rows whose parent is missing", when).isFalse();
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM runs WHERE outcome = 'running'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("%s: at most the killed run is still 'running'", when).isLessThanOrEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM runs WHERE outcome NOT IN ('running', 'aborted')"
                    + " AND (finished_at IS NULL OR exit_code IS NULL)")) {
                rs.next();
                assertThat(rs.getInt(1)).as("%s: finished runs with a half-written ending", when).isZero();
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM runs r WHERE r.outcome = 'success' AND"
                    + " (NOT EXISTS (SELECT 1 FROM components c WHERE c.run_id = r.id)"
                    + " OR NOT EXISTS (SELECT 1 FROM target_commits t WHERE t.run_id = r.id AND t.outcome = 'committed'))")) {
                rs.next();
                assertThat(rs.getInt(1)).as("%s: successful runs without components or commit", when).isZero();
            }
        }
    }

    @Test
    void run_sigterm_notifiesTheInterruptionAndRecordsTheDelivery() throws Exception {
        // given a webhook and a run that hangs in a source
        Files.createDirectories(dir.resolve("data"));
        try (LocalHttpServer http = new LocalHttpServer()) {
            Path config = config("""
                      - name: slow
                        type: command
                        command: [sleep, "60"]
                    notify:
                      - type: webhook
                        url: %s
                        pings: {start: %s, fail: %s}
                    """.formatted(http.uri("/hook"), http.uri("/start"), http.uri("/fail")));
            Process run = BackstopProcess.start(dir, Map.of(), List.of(), "run", "--config", config.toString());
            // the start ping is answered before the dumps start; wait until the source hangs
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && run.toHandle().descendants()
                    .noneMatch(h -> h.info().command().map(c -> c.endsWith("/sleep")).orElse(false))) {
                Thread.sleep(20);
            }

            // when
            run.destroy(); // SIGTERM

            // then it still exits within ten seconds with 143, after telling the webhook
            assertThat(run.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).isEqualTo(143);
            assertThat(http.requests()).extracting(LocalHttpServer.Request::path).containsExactly("/start", "/hook", "/fail");
            JsonNode json = Json.mapper().readTree(http.requests().get(1).body());
            assertThat(json.get("outcome").asText()).isEqualTo("interrupted");
            assertThat(json.get("exit_code").asInt()).isEqualTo(143);
            assertThat(json.get("summary").asText()).contains("INTERRUPTED");
            try (HistoryStore h = HistoryStore.open(dir.resolve("state/history.db"))) {
                RunRecord last = h.recentRuns(1).get(0);
                assertThat(last.outcome()).isEqualTo(RunOutcome.INTERRUPTED);
                assertThat(h.notifications(last.id())).as("%s", h.notifications(last.id())).extracting(NotificationRecord::event, NotificationRecord::ok)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("start", true),
                                org.assertj.core.groups.Tuple.tuple("failure", true));
            }
        }
    }
}
