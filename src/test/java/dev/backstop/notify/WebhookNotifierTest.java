package dev.backstop.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.config.NotifyConfig;
import dev.backstop.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook notifier against an HTTP server on 127.0.0.1 that this test owns. */
class WebhookNotifierTest {

    private LocalHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = new LocalHttpServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private WebhookNotifier hook(boolean pings) {
        return new WebhookNotifier(new NotifyConfig.Webhook(server.uri("/hook/T0K3N"), pings
                ? new NotifyConfig.Pings(server.uri("/ping/start"), server.uri("/ping"), server.uri("/ping/fail")) : null,
                EnumSet.allOf(NotifyConfig.Event.class), Duration.ofSeconds(10)));
    }

    @Test
    void finished_anomalyRun_postsTheResultAsJsonAndAFailPing() throws Exception {
        // when
        hook(true).finished(Notices.anomaly(), Duration.ofSeconds(10));

        // then
        assertThat(server.requests()).extracting(LocalHttpServer.Request::path).containsExactly("/hook/T0K3N", "/ping/fail");
        LocalHttpServer.Request post = server.requests().get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.contentType()).isEqualTo("application/json; charset=utf-8");
        Files.writeString(Path.of("target", "anomaly-webhook.json"), post.body());
        JsonNode json = Json.mapper().readTree(post.body());
        assertThat(json.get("outcome").asText()).isEqualTo("anomaly");
        assertThat(json.get("exit_code").asInt()).isEqualTo(7);
        assertThat(json.get("host").asText()).isEqualTo("web-1");
        assertThat(json.get("events").get(0).asText()).isEqualTo("ANOMALY");
        assertThat(json.get("summary").asText()).startsWith("backstop web-1: ANOMALY, backup 20251104T020001Z");
        assertThat(json.get("anomalies").get(0).get("baseline").asLong()).isEqualTo(50_000_000L);
        assertThat(json.get("anomalies").get(0).get("current").asLong()).isEqualTo(10_000_000L);
        assertThat(json.get("anomalies").get(1).get("subject").asText()).isEqualTo("appdb/sessions");
        assertThat(json.get("components").get(0).get("facts").get("table_rows").get("users").asLong()).isEqualTo(1204);
        assertThat(json.get("targets").get(0).get("state").asText()).isEqualTo("committed");
        assertThat(server.requests().get(1).body()).isEqualTo(Notices.anomaly().summary());
    }

    @Test
    void finished_failedVerify_postsTheCheckAsJsonWithoutAnyPing() throws Exception {
        // when
        hook(true).finished(Notices.failedVerify(), Duration.ofSeconds(10));

        // then a verify is no run: the dead-man's switch of the runs hears nothing of it
        assertThat(server.requests()).extracting(LocalHttpServer.Request::path).containsExactly("/hook/T0K3N");
        JsonNode json = Json.mapper().readTree(server.requests().get(0).body());
        assertThat(json.get("kind").asText()).isEqualTo("verify");
        assertThat(json.get("outcome").asText()).isEqualTo("failed");
        assertThat(json.get("summary").asText()).isEqualTo("backstop web-1: verify FAILED: 1 critical, 0 error(s),"
                + " 0 warning(s); 3 backup set(s) on nas");
        assertThat(json.get("findings").get(0).asText()).startsWith("CRITICAL nas 20251104T020001Z: history records");
        assertThat(json.has("id")).as("a verify has no backup id").isFalse();
    }

    @Test
    void finished_run_saysItIsARun() throws Exception {
        hook(false).finished(Notices.success(), Duration.ofSeconds(10));

        assertThat(Json.mapper().readTree(server.requests().get(0).body()).get("kind").asText()).isEqualTo("run");
    }

    @Test
    void startedAndFinished_success_pingStartThenSuccess() throws Exception {
        // when
        hook(true).started("20251104T020001Z", Duration.ofSeconds(10));
        hook(true).finished(Notices.success(), Duration.ofSeconds(10));

        // then
        assertThat(server.requests()).extracting(LocalHttpServer.Request::path)
                .containsExactly("/ping/start", "/hook/T0K3N", "/ping");
    }

    @Test
    void finished_serverAnswers500_failsNamingTheStatusButStillPings() {
        // given
        server.answer(500);

        // when / then
        assertThatThrownBy(() -> hook(false).finished(Notices.anomaly(), Duration.ofSeconds(10)))
                .isInstanceOf(NotifyException.class)
                .hasMessageContaining("JSON result to http://127.0.0.1:")
                .hasMessageContaining("HTTP 500")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("T0K3N"));
    }

    @Test
    void finished_serverTooSlow_failsAfterTheTimeout() {
        // given
        server.delay(3000);

        // when / then
        long start = System.nanoTime();
        assertThatThrownBy(() -> hook(false).finished(Notices.anomaly(), Duration.ofSeconds(1)))
                .isInstanceOf(NotifyException.class).hasMessageContaining("no answer within 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2900));
    }
}
