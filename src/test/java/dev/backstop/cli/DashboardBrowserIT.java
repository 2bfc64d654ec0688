package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.dashboard.SampleHistory;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard as a person sees it: {@code backstop dashboard} from the packaged jar, over a
 * history with successes, failures and an anomaly, loaded in headless Chromium. Asserts on the
 * DOM after the page's script ran, and saves screenshots (desktop and phone) under
 * {@code target/dashboard-screenshots/} for review.
 */
class DashboardBrowserIT {

    static final Path SHOTS = Path.of("target", "dashboard-screenshots");

    @TempDir
    Path dir;

    @Test
    @RequiresService(Services.Chromium.class)
    void dashboard_historyWithFailureAndAnomaly_showsThemInTheBrowser() throws Exception {
        // given
        Chromium chromium = Chromium.in(dir);
        Path config = writeConfig(dir);
        SampleHistory history = SampleHistory.write(dir.resolve("state/history.db"), Instant.now(), 60);
        String failed = history.ids.get(59);
        String anomaly = history.ids.get(59 - SampleHistory.ANOMALY_BACK);

        try (DashboardProcess dashboard = DashboardProcess.start(dir, Map.of(), "dashboard", "--listen", "127.0.0.1:0",
                "--config", config.toString())) {
            // when
            String dom = chromium.dumpDom(dashboard.url, 1280, 2000);
            chromium.screenshot(dashboard.url, 1280, 2300, SHOTS.resolve("dashboard-desktop.png"));
            chromium.screenshot(dashboard.url, 390, 2600, SHOTS.resolve("dashboard-phone.png"));

            // then: the script ran (times in the reader's zone, the UTC text kept as a tooltip)
            assertThat(dom).contains("data-ready=\"true\"").containsPattern("<time datetime=\"[^\"]+\" title=\"[^\"]+ UTC\">");
            // the banner is CRITICAL and names the failed run and why
            assertThat(dom).contains("banner banner-critical").contains(">CRITICAL<")
                    .contains("newest run " + failed + " failed: " + SampleHistory.FAILED_REASON);
            // the failed run is the first row, marked failed, with its reason
            assertThat(dom).containsPattern("<tr class=\"run run-failed\" id=\"run-" + failed + "\">.*?<span class=\"badge"
                    + " badge-failed\">failed</span>.*?" + SampleHistory.FAILED_REASON.replace("(", "\\("));
            // the anomaly run stands out with its findings, and the chart marks it
            assertThat(dom).contains("<tr class=\"run run-anomaly\" id=\"run-" + anomaly + "\">")
                    .contains("table sessions of appdb fell to 0 rows from 4211")
                    .containsPattern("<circle class=\"anomaly-marker\"[^>]*><title>" + anomaly + ": appdb: bytes fell from 45.8 MiB");
            // the numbers: success rates, restore time, targets
            assertThat(dom).contains("<div class=\"value\">90%</div><div class=\"sub\">19 of 21 runs stored and verified</div>")
                    .contains("<div class=\"value\">95%</div><div class=\"sub\">57 of 60 runs stored and verified</div>")
                    .contains("<div class=\"value\">1m34s</div>")
                    .containsPattern("<td>nas</td><td>" + history.ids.get(58) + "</td>");
            // the screenshots are real images of the asked size
            assertThat(ImageIO.read(SHOTS.resolve("dashboard-desktop.png").toFile()).getWidth()).isEqualTo(1280);
            assertThat(ImageIO.read(SHOTS.resolve("dashboard-phone.png").toFile()).getWidth()).isEqualTo(390);
            // the log archive of appdb: its archiver killed, the card says so and the recovery point chart rises to now
            assertThat(dom).contains("ARCHIVER STOPPED").contains("pid 4194305 is gone without a word")
                    .containsPattern("<section id=\"recovery-point\">.*?<svg class=\"chart\"[^>]*aria-label=\"recovery point"
                            + " of appdb over time\".*?<title>log lag of appdb</title>");
            // and /metrics of the same process
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(dashboard.url
                    + "metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(metrics.body()).contains("backstop_last_run_outcome{outcome=\"failed\"} 1")
                    .contains("backstop_log_archive_up{source=\"appdb\"} 0")
                    .contains("backstop_table_rows{component=\"appdb\",table=\"sessions\"}");
            assertThat(dashboard.stop()).as("exit code after SIGTERM").isEqualTo(143);
        }
    }

    static Path writeConfig(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("www"));
        Path replication = Files.writeString(dir.resolve("replication.cnf"), "[client]\nuser=repl\n");
        Files.setPosixFilePermissions(replication, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        archiverKilled(dir.resolve("state/logs/appdb"), Instant.now());
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: api-gateway
                state_dir: %s
                sources:
                  - name: uploads
                    type: files
                    paths: [www]
                  - name: appdb
                    type: mysql
                    database: shop
                    log_archive:
                      defaults_file: %s
                targets:
                  - name: local
                    type: local
                    path: %s
                  - name: nas
                    type: local
                    path: %s
                """.formatted(dir.resolve("state"), replication, dir.resolve("b1"), dir.resolve("b2")));
        return config;
    }

    /** What an archiver killed 20 minutes ago leaves: its record with a pid no process has, its lag samples. */
    private static void archiverKilled(Path work, Instant now) throws Exception {
        Files.createDirectories(work);
        Instant died = now.minusSeconds(1200);
        Files.writeString(work.resolve("caught-up"), died + "\n");
        Files.writeString(work.resolve("archiver.json"), """
                {"pid": 4194305, "program": "/usr/bin/java", "service": true, "started_at": "%s", "heartbeat": "%s"}
                """.formatted(died.minusSeconds(86_400), died));
        Files.writeString(work.resolve("lag-samples"), (died.getEpochSecond() - 86_400) + " 2\n" + (died.getEpochSecond() - 600)
                + " 95\n");
    }
}
