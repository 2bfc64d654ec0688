package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.backstop.cli.ExitCodes;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.EventLog;
import dev.backstop.core.Json;
import dev.backstop.core.RunOutcome;
import dev.backstop.core.SourceException;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.RunRecord;
import dev.backstop.history.ShortBusyTimeout;
import dev.backstop.notify.LocalHttpServer;
import dev.backstop.registry.Kinds;
import dev.backstop.target.Target;
import dev.backstop.target.Targets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history that is damaged, locked or read-only never stops a backup, and never silently: real
 * runs with a files source, a local target, and notifications to GreenMail and a local HTTP server.
 */
class BackupRunHistoryTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @TempDir
    Path dir;

    private LocalHttpServer http;
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        http = new LocalHttpServer();
        Files.createDirectories(dir.resolve("data"));
        data(400_000);
    }

    @AfterEach
    void stop() {
        http.close();
    }

    private void data(int bytes) throws Exception {
        byte[] b = new byte[bytes];
        new Random(bytes).nextBytes(b);
        Files.write(dir.resolve("data/blob.bin"), b);
    }

    private BackstopConfig config(String extraSource) throws Exception {
        return ConfigLoader.parse("""
                host: test-host
                state_dir: state
                sources:
                  - name: data
                    type: files
                    paths: [data]
                %s
                targets:
                  - name: local
                    type: local
                    path: backups
                notify:
                  - type: email
                    smtp: {host: 127.0.0.1, port: %d}
                    to: [ops@example.com]
                    timeout: 3s
                  - type: webhook
                    url: %s
                    pings: {success: %s, fail: %s}
                """.formatted(extraSource, SMTP.getSmtp().getPort(), http.uri("/hook"), http.uri("/ping"),
                http.uri("/ping/fail")), dir.resolve("backstop.yml"), Kinds.schema());
    }

    private RunReport run(BackstopConfig config) throws Exception {
        List<Target> targets = Kinds.targets(config);
        EventLog log = new EventLog(new PrintStream(logged, true), Clock.systemUTC());
        try {
            return new BackupRun(config, Kinds.sources(config), targets, Clock.systemUTC(), log, new Cancellation(),
                    ExitCodes::codeOf)
                    .execute();
        } finally {
            Targets.closeAll(targets, log);
        }
    }

    private Path historyFile() {
        return dir.resolve("state/history.db");
    }

    private HistoryStore history() {
        return HistoryStore.open(historyFile());
    }

    private List<Path> movedAside() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("state"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("history.db.corrupt-")).sorted().toList();
        }
    }

    private JsonNode lastPost() throws Exception {
        return Json.mapper().readTree(http.requests().stream().filter(r -> r.path().equals("/hook"))
                .reduce((a, b) -> b).orElseThrow().body());
    }

    private void truncateHistory() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(historyFile().toFile(), "rw")) {
            f.setLength(f.length() / 3);
        }
    }

    @Test
    void execute_truncatedHistory_movesItAsideRebuildsItBacksUpNotifiesAndExitsSeven() throws Exception {
        // given two runs, then a history cut short
        BackstopConfig config = config("");
        String first = run(config).id();
        String second = run(config).id();
        truncateHistory();

        // when
        RunReport report = run(config);

        // then the backup is taken and verified, and the run exits 7 naming the moved file
        assertThat(report.outcome()).as(logged.toString()).isEqualTo(RunOutcome.SUCCESS);
        assertThat(report.exitCode()).isEqualTo(7);
        assertThat(report.targets()).allMatch(TargetOutcome::committed);
        assertThat(movedAside()).hasSize(1);
        String moved = movedAside().get(0).toString();
        assertThat(report.historyProblem()).contains(moved).contains("SQLITE_CORRUPT").contains("2 backup(s) re-read");
        assertThat(report.warnings()).anyMatch(w -> w.contains(moved));
        // and the new history holds the older runs, adopted, and this one, exit code and reason
        try (HistoryStore h = history()) {
            assertThat(h.committedIds("local")).containsExactly(first, second, report.id());
            assertThat(h.run(first).orElseThrow().reason()).contains("adopted from target local");
            RunRecord row = h.run(report.id()).orElseThrow();
            assertThat(row.exitCode()).isEqualTo(7);
            assertThat(row.reason()).contains(moved);
        }
        // and the e-mail (on failure, anomaly, recovery) and the webhook name the moved file
        assertThat(SMTP.getReceivedMessages()).hasSize(1);
        assertThat(SMTP.getReceivedMessages()[0].getSubject()).startsWith("backstop test-host: SUCCESS, backup "
                + report.id()).contains(moved);
        assertThat(GreenMailUtil.getBody(SMTP.getReceivedMessages()[0])).contains("Warnings:");
        JsonNode json = lastPost();
        assertThat(json.get("exit_code").asInt()).isEqualTo(7);
        assertThat(json.get("events").toString()).contains("ANOMALY");
        assertThat(json.get("reason").asText()).contains(moved);
        assertThat(http.requests().get(http.requests().size() - 1).path()).isEqualTo("/ping/fail");

        // when the next run finds a sound history, all is back to normal
        RunReport next = run(config);
        assertThat(next.exitCode()).as(next.fullReason()).isZero();
        assertThat(next.historyProblem()).isNull();
    }

    @Test
    void execute_afterRebuild_anAcceptedChangeRaisesNoFalseAnomaly() throws Exception {
        // given three runs of 400 KB, a shrink to 40 KB that a person accepted, and a run after it
        BackstopConfig config = config("");
        for (int i = 0; i < 3; i++) {
            assertThat(run(config).exitCode()).isZero();
        }
        data(40_000);
        RunReport shrunk = run(config);
        assertThat(shrunk.outcome()).isEqualTo(RunOutcome.ANOMALY);
        try (HistoryStore h = history()) {
            h.acceptRun(shrunk.id(), Instant.now());
        }
        assertThat(run(config).exitCode()).as("compared with the accepted run").isZero();
        // and then garbage instead of the history
        byte[] garbage = new byte[50_000];
        new Random(3).nextBytes(garbage);
        Files.write(historyFile(), garbage);

        // when the history is rebuilt from the five sets, and the run after that
        RunReport rebuilt = run(config);
        RunReport after = run(config);

        // then neither compares with the runs before the accepted change
        assertThat(rebuilt.exitCode()).isEqualTo(7);
        assertThat(rebuilt.historyProblem()).contains("SQLITE_NOTADB").contains("5 backup(s) re-read");
        assertThat(rebuilt.anomalies()).as(logged.toString()).isEmpty();
        assertThat(rebuilt.warnings()).anyMatch(w -> w.contains("backup " + shrunk.id() + " was adopted with 2 anomaly"));
        assertThat(after.outcome()).isEqualTo(RunOutcome.SUCCESS);
        assertThat(after.anomalies()).isEmpty();
        assertThat(after.exitCode()).isZero();
        try (HistoryStore h = history()) {
            RunRecord adopted = h.run(shrunk.id()).orElseThrow();
            assertThat(adopted.outcome()).isEqualTo(RunOutcome.ANOMALY);
            assertThat(adopted.acceptedAt()).isNotNull();
            assertThat(h.findings(shrunk.id())).hasSize(2);
        }
    }

    @Test
    void execute_historyLockedBeyondTheBusyTimeout_backsUpRecordsNothingAndExitsSeven() throws Exception {
        // given a history with one run, held in a write transaction by another process
        BackstopConfig config = config("");
        String first = run(config).id();
        try (ShortBusyTimeout quick = ShortBusyTimeout.open();
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + historyFile());
             Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("UPDATE runs SET reason = 'held by another process' WHERE id = '" + first + "'");

            // when
            RunReport report = run(config);

            // then the backup is committed, nothing is moved, and the run says that it is recorded nowhere
            assertThat(report.exitCode()).as(logged.toString()).isEqualTo(7);
            assertThat(report.targets()).allMatch(TargetOutcome::committed);
            assertThat(movedAside()).isEmpty();
            assertThat(report.historyProblem()).contains("locked").contains("recorded nowhere");
            assertThat(lastPost().get("reason").asText()).contains("recorded nowhere");
            assertThat(SMTP.getReceivedMessages()).hasSize(1);
            s.execute("ROLLBACK");

            // and the history still holds only the first run, until the next run adopts this one
            try (HistoryStore h = history()) {
                assertThat(h.committedIds("local")).containsExactly(first);
            }
            RunReport next = run(config);
            assertThat(next.exitCode()).isZero();
            try (HistoryStore h = history()) {
                assertThat(h.committedIds("local")).containsExactly(first, report.id(), next.id());
            }
        }
    }

    @Test
    void execute_historyLockedHalfwayThroughTheRun_goesOnInMemoryAndExitsSeven() throws Exception {
        // given a run whose source takes a few seconds
        BackstopConfig config = config("""
                  - name: slow
                    type: command
                    command: [sh, -c, "sleep 3; echo done"]
                """);
        run(config(""));
        ShortBusyTimeout quick = ShortBusyTimeout.open();
        CompletableFuture<RunReport> running = CompletableFuture.supplyAsync(() -> {
            try {
                return run(config);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (quick; Connection other = DriverManager.getConnection("jdbc:sqlite:" + historyFile());
             Statement s = other.createStatement()) {
            // when another process takes the history's write lock while the source runs
            while (!running.isDone()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM runs WHERE outcome = 'running'")) {
                    if (rs.next() && rs.getInt(1) == 1) {
                        break;
                    }
                }
                Thread.sleep(20);
            }
            s.execute("BEGIN IMMEDIATE");
            s.execute("UPDATE runs SET reason = 'held by another process' WHERE outcome = 'success'");
            RunReport report = running.get(2, TimeUnit.MINUTES);
            s.execute("ROLLBACK");

            // then the backup is committed all the same, and the run says it is recorded nowhere
            assertThat(report.exitCode()).as(logged.toString()).isEqualTo(7);
            assertThat(report.targets()).allMatch(TargetOutcome::committed);
            assertThat(report.historyProblem()).contains("locked").contains("recorded nowhere");
            assertThat(lastPost().get("exit_code").asInt()).isEqualTo(7);
            assertThat(movedAside()).isEmpty();
        }
    }

    @Test
    void execute_sourceFailsWithDamagedHistory_exitsFiveAndTheFailureNamesTheMovedFile() throws Exception {
        // given a run, a damaged history, and a source that fails
        run(config(""));
        truncateHistory();
        BackstopConfig failing = config("""
                  - name: broken
                    type: command
                    command: [sh, -c, "echo partial; exit 3"]
                """);

        // when / then
        assertThatThrownBy(() -> run(failing)).isInstanceOf(SourceException.class);
        assertThat(movedAside()).hasSize(1);
        JsonNode json = lastPost();
        assertThat(json.get("exit_code").asInt()).isEqualTo(5);
        assertThat(json.get("reason").asText()).contains("broken").contains(movedAside().get(0).toString());
    }
}
