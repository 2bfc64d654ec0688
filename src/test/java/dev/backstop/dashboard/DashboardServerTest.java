package dev.backstop.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ConfigException;
import dev.backstop.status.HealthPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP side: loopback without a token, elsewhere only with one; read-only; assets from the jar. */
class DashboardServerTest {

    static final String TOKEN = "s3cret-token-0123456789abcdef";

    @TempDir
    Path dir;

    private Path history;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void history() {
        history = dir.resolve("history.db");
        SampleHistory.write(history, DashboardTest.NOW, 6);
    }

    @Test
    void start_loopbackWithoutToken_servesPageMetricsAndAssets() throws Exception {
        try (DashboardServer server = DashboardServer.start("127.0.0.1:0", null, DashboardTest.dashboard(history))) {
            String base = "http://127.0.0.1:" + server.address().getPort();

            HttpResponse<String> page = get(base + "/", null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().contains("default-src 'none'");
            assertThat(page.body()).contains("banner-critical");

            HttpResponse<String> metrics = get(base + "/metrics", null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("backstop_info{host=\"api-gateway\",version=\"1.2.3\"} 1");

            HttpResponse<String> css = get(base + "/assets/dashboard.css", null);
            assertThat(css.statusCode()).isEqualTo(200);
            assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
            assertThat(get(base + "/assets/dashboard.js", null).body()).contains("problems-only");
            assertThat(get(base + "/assets/../history.db", null).statusCode()).isEqualTo(404);
            assertThat(get(base + "/nothing", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void request_otherThanGet_isRefused() throws Exception {
        try (DashboardServer server = DashboardServer.start("127.0.0.1:0", null, DashboardTest.dashboard(history))) {
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.address().getPort() + "/")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
    }

    @Test
    void request_pageThatThrowsWhileRendering_getsA500PageNotADroppedConnection() throws Exception {
        // given a dashboard over a real history whose charts cannot be drawn: the thresholds lookup throws
        Dashboard broken = new Dashboard(history, new Dashboard.Settings("api-gateway", "1.2.3", List.of("local"),
                HealthPolicy.defaults(), component -> {
                    throw new IllegalStateException("no thresholds for " + component);
                }), Clock.fixed(DashboardTest.NOW, ZoneOffset.UTC));
        try (DashboardServer server = DashboardServer.start("127.0.0.1:0", null, broken)) {
            String base = "http://127.0.0.1:" + server.address().getPort();

            // when
            HttpResponse<String> page = get(base + "/", null);

            // then the client reads the 500 page, and the server goes on serving
            assertThat(page.statusCode()).isEqualTo(500);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
            assertThat(page.body()).startsWith("internal error: ").contains("no thresholds for");
            assertThat(get(base + "/assets/dashboard.css", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void start_allAddressesWithoutToken_isRefusedNamingTheFix() {
        assertThatThrownBy(() -> DashboardServer.start("0.0.0.0:0", null, DashboardTest.dashboard(history)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--listen 0.0.0.0:0 is reachable from other machines")
                .hasMessageContaining("--token-file").hasMessageContaining("BACKSTOP_DASHBOARD_TOKEN");
    }

    @Test
    void start_shortToken_isRefused() {
        assertThatThrownBy(() -> DashboardServer.start("0.0.0.0:0", "short", DashboardTest.dashboard(history)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 16");
    }

    @Test
    void start_allAddressesWithToken_admitsOnlyRequestsCarryingIt() throws Exception {
        try (DashboardServer server = DashboardServer.start("0.0.0.0:0", TOKEN, DashboardTest.dashboard(history))) {
            String url = "http://127.0.0.1:" + server.address().getPort() + "/metrics";

            HttpResponse<String> none = get(url, null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Basic realm=\"backstop\"");
            assertThat(none.body()).doesNotContain("backstop_info");
            assertThat(get(url, "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
            assertThat(get(url, "Bearer " + TOKEN.substring(1)).statusCode()).isEqualTo(401);
            assertThat(get(url, "Basic !!notbase64").statusCode()).isEqualTo(401);

            assertThat(get(url, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
            String basic = Base64.getEncoder().encodeToString(("anyone:" + TOKEN).getBytes(StandardCharsets.UTF_8));
            assertThat(get(url, "Basic " + basic).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void start_loopbackWithToken_requiresItToo() throws Exception {
        try (DashboardServer server = DashboardServer.start("127.0.0.1:0", TOKEN, DashboardTest.dashboard(history))) {
            String url = "http://127.0.0.1:" + server.address().getPort() + "/";
            assertThat(get(url, null).statusCode()).isEqualTo(401);
            assertThat(get(url, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void start_addressInUse_isAConfigErrorNamingIt() throws Exception {
        try (DashboardServer first = DashboardServer.start("127.0.0.1:0", null, DashboardTest.dashboard(history))) {
            String taken = "127.0.0.1:" + first.address().getPort();
            assertThatThrownBy(() -> DashboardServer.start(taken, null, DashboardTest.dashboard(history)))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("cannot listen on " + taken);
        }
    }

    @Test
    void parse_malformedListen_isAConfigError() throws Exception {
        assertThatThrownBy(() -> ListenAddress.parse("8080")).hasMessageContaining("expected ADDRESS:PORT");
        assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:99999")).hasMessageContaining("0 to 65535");
        assertThat(ListenAddress.parse("[::1]:8080").loopback()).isTrue();
        assertThat(ListenAddress.parse("localhost:8080").loopback()).isTrue();
        assertThat(ListenAddress.parse("0.0.0.0:8080").loopback()).isFalse();
    }

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
