package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.backstop.cli.ExitCodes;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.EventLog;
import dev.backstop.core.Json;
import dev.backstop.core.Manifest;
import dev.backstop.core.ManifestFormat;
import dev.backstop.core.ManifestReading;
import dev.backstop.core.RunOutcome;
import dev.backstop.core.SourceException;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.NotificationRecord;
import dev.backstop.notify.LocalHttpServer;
import dev.backstop.registry.Kinds;
import dev.backstop.target.Target;
import dev.backstop.target.Targets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safety steps inside a real run: files source, local target, real history, notifications to
 * GreenMail and a local HTTP server. Anomaly, acceptance, retention, failure and recovery.
 */
class BackupRunSafetyTest {

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

    private BackstopConfig config(int smtpPort, String extraSource) throws Exception {
        return config(smtpPort, extraSource, "[failure, anomaly, recovery]");
    }

    private BackstopConfig config(int smtpPort, String extraSource, String emailOn) throws Exception {
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
                    retention: {keep_last: 2}
                anomaly: {window: 7, max_shrink: 20%%, max_growth: 100%%}
                notify:
                  - type: email
                    smtp: {host: 127.0.0.1, port: %d}
                    to: [ops@example.com]
                    on: %s
                    timeout: 3s
                  - type: webhook
                    url: %s
                    pings: {start: %s, success: %s, fail: %s}
                """.formatted(extraSource, smtpPort, emailOn, http.uri("/hook"), http.uri("/ping/start"), http.uri("/ping"),
                http.uri("/ping/fail")), dir.resolve("backstop.yml"), Kinds.schema());
    }

    private RunReport run(BackstopConfig config) throws Exception {
        List<Target> targets = Kinds.targets(config);
        try {
            return new BackupRun(config, Kinds.sources(config), targets, Clock.systemUTC(),
                    new EventLog(new PrintStream(logged, true), Clock.systemUTC()), new Cancellation(),
                    ExitCodes::codeOf).execute();
        } finally {
            Targets.closeAll(targets, new EventLog(new PrintStream(logged, true), Clock.systemUTC()));
        }
    }

    private List<Path> manifests() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("backups"))) {
            return s.filter(p -> p.getFileName().toString().equals(Manifest.FILE_NAME)).sorted().toList();
        }
    }

    private HistoryStore history() {
        return HistoryStore.open(dir.resolve("state/history.db"));
    }

    @Test
    void execute_shrinkThenAccept_exitsSevenCommitsAnywaySkipsRetentionThenAcceptedRunIsTheBaseline() throws Exception {
        // given three good runs of 400 KB (retention keeps two)
        BackstopConfig config = config(SMTP.getSmtp().getPort(), "");
        data(400_000);
        for (int i = 0; i < 3; i++) {
            assertThat(run(config).outcome()).isEqualTo(RunOutcome.SUCCESS);
        }
        assertThat(manifests()).hasSize(2);
        assertThat(SMTP.getReceivedMessages()).as("email is on failure, anomaly, recovery only").isEmpty();

        // when the data shrinks to a tenth
        data(40_000);
        RunReport shrunk = run(config);

        // then the backup is committed, the run is an anomaly (exit 7), and retention left everything
        assertThat(shrunk.outcome()).isEqualTo(RunOutcome.ANOMALY);
        assertThat(shrunk.exitCode()).isEqualTo(7);
        assertThat(shrunk.anomalies()).extracting(AnomalyFinding::subject, AnomalyFinding::metric)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("data", "bytes"),
                        org.assertj.core.groups.Tuple.tuple("data", "raw_bytes"));
        assertThat(manifests()).hasSize(3);
        Manifest m = ((ManifestReading.Known) ManifestFormat.read(Files.readAllBytes(manifests().get(2)))).manifest();
        assertThat(m.id()).isEqualTo(shrunk.id());
        assertThat(m.anomalies()).isEqualTo(shrunk.anomalies());
        try (HistoryStore h = history()) {
            assertThat(h.findings(shrunk.id())).isEqualTo(shrunk.anomalies());
            assertThat(h.run(shrunk.id()).orElseThrow().outcome()).isEqualTo(RunOutcome.ANOMALY);
        }
        // and the mail and the JSON name the finding with both values
        assertThat(SMTP.getReceivedMessages()).hasSize(1);
        assertThat(SMTP.getReceivedMessages()[0].getSubject()).startsWith("backstop test-host: ANOMALY, backup "
                + shrunk.id()).contains("data: bytes fell from ");
        LocalHttpServer.Request post = http.requests().stream().filter(r -> r.path().equals("/hook")).reduce((a, b) -> b)
                .orElseThrow();
        JsonNode json = Json.mapper().readTree(post.body());
        assertThat(json.get("outcome").asText()).isEqualTo("anomaly");
        assertThat(json.get("anomalies").get(0).get("current").asLong()).isEqualTo(shrunk.anomalies().get(0).current());
        assertThat(http.requests().get(http.requests().size() - 1).path()).isEqualTo("/ping/fail");

        // when a person accepts it, the next run of the same size is compared with it alone
        try (HistoryStore h = history()) {
            assertThat(h.acceptRun(shrunk.id(), java.time.Instant.now())).isTrue();
        }
        RunReport after = run(config);

        // then
        assertThat(after.outcome()).as(logged.toString()).isEqualTo(RunOutcome.SUCCESS);
        assertThat(after.anomalies()).isEmpty();
        assertThat(manifests()).as("retention ran again after a success").hasSize(2);
    }

    @Test
    void execute_sourceFailsThenRecovers_notifiesFailureThenRecoveryAndRecordsBoth() throws Exception {
        // given a command source that fails
        data(1000);
        BackstopConfig failing = config(SMTP.getSmtp().getPort(), """
                  - name: broken
                    type: command
                    command: [sh, -c, "echo partial; exit 3"]
                """);

        // when
        assertThatThrownBy(() -> run(failing)).isInstanceOf(SourceException.class);
        RunReport recovered = run(config(SMTP.getSmtp().getPort(), ""));

        // then the failure was mailed, then the recovery
        assertThat(SMTP.getReceivedMessages()).hasSize(2);
        assertThat(SMTP.getReceivedMessages()[0].getSubject()).startsWith("backstop test-host: FAILED, backup ")
                .contains("broken");
        assertThat(SMTP.getReceivedMessages()[1].getSubject()).startsWith("backstop test-host: SUCCESS, backup "
                + recovered.id());
        List<String> hooks = http.requests().stream().filter(r -> r.path().equals("/hook")).map(LocalHttpServer.Request::body)
                .toList();
        assertThat(Json.mapper().readTree(hooks.get(0)).get("exit_code").asInt()).isEqualTo(5);
        assertThat(Json.mapper().readTree(hooks.get(1)).get("events").toString()).contains("RECOVERY").contains("SUCCESS");
        try (HistoryStore h = history()) {
            assertThat(h.notifications(recovered.id())).extracting(NotificationRecord::event)
                    .containsExactly("start", "success+recovery", "success+recovery");
        }
    }

    @Test
    void execute_deadSmtpServer_runStillSucceedsAndTheFailedMailIsRecorded() throws Exception {
        // given an e-mail notifier for success whose server is gone
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        data(1000);
        BackstopConfig config = config(dead, "", "[success]");

        // when
        RunReport report = run(config);

        // then
        assertThat(report.outcome()).isEqualTo(RunOutcome.SUCCESS);
        assertThat(report.exitCode()).isZero();
        try (HistoryStore h = history()) {
            assertThat(h.notifications(report.id())).filteredOn(n -> n.notifier().startsWith("email"))
                    .singleElement().satisfies(n -> {
                        assertThat(n.ok()).isFalse();
                        assertThat(n.detail()).contains("127.0.0.1:" + dead);
                    });
        }
        assertThat(logged.toString()).contains("failed (the run's outcome stands)");
    }
}
