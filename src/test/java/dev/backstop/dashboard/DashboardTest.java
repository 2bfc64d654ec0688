package dev.backstop.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.config.AnomalyConfig;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ComponentIncrement;
import dev.backstop.core.RunOutcome;
import dev.backstop.core.SourceFacts;
import dev.backstop.core.SourceFacts.FileNote;
import dev.backstop.history.HistoryStore;
import dev.backstop.status.HealthPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page and the metrics, rendered from a history with successes, failures and an anomaly. */
class DashboardTest {

    static final Instant NOW = Instant.parse("2025-11-20T12:00:00Z");

    @TempDir
    Path dir;

    static Dashboard dashboard(Path history) {
        return new Dashboard(history, new Dashboard.Settings("api-gateway", "1.2.3", List.of("local", "nas"),
                HealthPolicy.defaults(), c -> AnomalyConfig.defaults()), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void page_sampleHistory_showsHealthFailuresAnomalyAndRates() {
        // given: 60 runs, 20 days
        Path file = dir.resolve("history.db");
        SampleHistory h = SampleHistory.write(file, NOW, 60);

        // when
        String page;
        try (Dashboard d = dashboard(file)) {
            page = d.page(30, false);
        }

        // then: the newest run failed, so the banner is CRITICAL and says why
        assertThat(page).contains("<section class=\"banner banner-critical\" id=\"health\">")
                .contains("newest run " + h.ids.get(59) + " failed: " + SampleHistory.FAILED_REASON);
        // the failed and the anomaly run stand out in the runs table, with the findings
        assertThat(page).contains("<tr class=\"run run-failed\" id=\"run-" + h.ids.get(59) + "\">")
                .contains("<tr class=\"run run-anomaly\" id=\"run-" + h.ids.get(59 - SampleHistory.ANOMALY_BACK) + "\">")
                .contains("table sessions of appdb fell to 0 rows from 4211");
        // the anomaly is marked in appdb's chart and in the table chart
        assertThat(page.split("class=\"anomaly-marker\"", -1)).hasSize(3);
        // 7 days: 21 runs, of which the failed and the partial did not store everywhere -> 19 of 21
        assertThat(page).contains("<div class=\"card\" id=\"rate-7d\"><div class=\"label\">Success, 7 days</div>"
                + "<div class=\"value\">90%</div><div class=\"sub\">19 of 21 runs stored and verified</div>");
        // 30 days: all 60 runs; the failed, partial and interrupted do not count -> 57 of 60
        assertThat(page).contains("<div class=\"value\">95%</div><div class=\"sub\">57 of 60 runs stored and verified</div>");
        assertThat(page).contains("1m34s").contains("remote-hash");
        // the last restore test names the server it loaded into
        assertThat(page).contains(", loaded on mysql: disposable mariadbd Ver 10.11.6-MariaDB</p>");
    }

    @Test
    void pageAndMetrics_logArchive_lagCardWithTheRecoveryWindowAndGaps() {
        // given a source whose archive is 2 minutes behind, with a window of a day and a gap
        Path file = dir.resolve("history.db");
        SampleHistory.write(file, NOW, 5);
        var appdb = new dev.backstop.core.LogArchiveState("appdb", java.time.Duration.ofMinutes(10), NOW.minusSeconds(120),
                "bin.000042:1234", NOW.minusSeconds(121), List.of("target nas: bin.000040: bytes 4 to 90 are missing"),
                NOW.minus(java.time.Duration.ofDays(1)), "20251119T120000Z", NOW.minusSeconds(60), null);
        String page;
        String metrics;
        try (Dashboard d = new Dashboard(file, new Dashboard.Settings("api-gateway", "1.2.3", List.of("local", "nas"),
                HealthPolicy.defaults(), c -> AnomalyConfig.defaults(), () -> List.of(appdb)), Clock.fixed(NOW, ZoneOffset.UTC))) {
            page = d.page(7, false);
            metrics = d.metrics();
        }

        // then
        assertThat(page).contains("<div class=\"card\" id=\"log-appdb\"><div class=\"label\">Log lag appdb</div>"
                + "<div class=\"value\">2m00s</div><div class=\"sub\">1 GAP(S); recoverable from 2025-11-19 12:00 to"
                + " 2025-11-20 11:58 UTC</div></div>");
        assertThat(page).contains("source appdb: the archived binary logs have 1 gap(s)");
        assertThat(metrics).contains("backstop_log_archive_lag_seconds{source=\"appdb\"} 120.000");
    }

    @Test
    void page_logArchiverKilled_cardSaysItAndTheRecoveryPointChartRisesToNow() {
        // given an archiver killed 12 minutes ago, after samples of a lag of seconds and a stall of 4 minutes
        Path file = dir.resolve("history.db");
        SampleHistory.write(file, NOW, 5);
        var killed = new dev.backstop.core.ArchiverProcess(4242, true, NOW.minus(java.time.Duration.ofDays(2)),
                NOW.minusSeconds(720), null, null, null, null, false);
        var appdb = new dev.backstop.core.LogArchiveState("appdb", java.time.Duration.ofMinutes(10), NOW.minusSeconds(721),
                null, null, List.of(), null, null, null, killed);
        List<dev.backstop.core.RecoveryPointSample> samples = List.of(
                new dev.backstop.core.RecoveryPointSample(NOW.minus(java.time.Duration.ofDays(8)), 900),
                new dev.backstop.core.RecoveryPointSample(NOW.minus(java.time.Duration.ofDays(2)), 240),
                new dev.backstop.core.RecoveryPointSample(NOW.minus(java.time.Duration.ofDays(1)), 3));
        String page;
        try (Dashboard d = new Dashboard(file, new Dashboard.Settings("api-gateway", "1.2.3", List.of("local", "nas"),
                HealthPolicy.defaults(), c -> AnomalyConfig.defaults(), () -> List.of(appdb),
                (source, since) -> samples.stream().filter(x -> !x.at().isBefore(since)).toList()),
                Clock.fixed(NOW, ZoneOffset.UTC))) {
            page = d.page(7, false);
        }

        // then the card and the banner say it with the reason
        assertThat(page).contains("<div class=\"card\" id=\"log-appdb\"><div class=\"label\">Log lag appdb</div>"
                + "<div class=\"value\">12m01s</div><div class=\"sub\">ARCHIVER STOPPED 12m00s ago: pid 4242 is gone");
        assertThat(page).contains("source appdb: the binary-log archiver stopped 12m00s ago");
        // and the chart draws the two samples of the week, then the lag now at the right edge, and the stop as a tick
        String chart = page.substring(page.indexOf("<section id=\"recovery-point\">"));
        chart = chart.substring(0, chart.indexOf("</section>"));
        assertThat(chart).contains("aria-label=\"recovery point of appdb over time\"")
                .contains("<title>log lag of appdb</title>").contains("<title>max_lag 10m00s</title>")
                .contains("<title>archiver stopped: pid 4242 is gone");
        String line = chart.substring(chart.indexOf("<polyline class=\"line s0\" points=\"") + 35);
        List<String> points = List.of(line.substring(0, line.indexOf('"')).trim().split(" "));
        assertThat(points).hasSize(3).last().asString().startsWith("988,");
    }

    @Test
    void page_noHistoryFile_saysUnknownAndCreatesNothing() {
        // given
        Path file = dir.resolve("state/history.db");

        // when
        String page;
        try (Dashboard d = dashboard(file)) {
            page = d.page(30, false);
        }

        // then
        assertThat(page).contains("banner-unknown").contains("no history at " + file);
        assertThat(Files.exists(file.getParent())).isFalse();
    }

    @Test
    void page_reasonWithMarkup_isEscaped() {
        // given
        Path file = dir.resolve("history.db");
        try (HistoryStore s = HistoryStore.open(file)) {
            s.recordRunStarted("20251120T110000Z", "h", Instant.parse("2025-11-20T11:00:00Z"), 1);
            s.recordRunFinished("20251120T110000Z", Instant.parse("2025-11-20T11:01:00Z"), RunOutcome.FAILED, 5,
                    "<script>alert('x')</script> & \"more\"", 0);
        }

        // when
        String page;
        try (Dashboard d = dashboard(file)) {
            page = d.page(7, false);
        }

        // then
        assertThat(page).doesNotContain("<script>alert").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;");
    }

    @Test
    void page_runWithFileTruncatedWhileRead_namesTheFileAndWhatWasStored() {
        // given: a run whose files source stored a log emptied while read, and one with many notes
        Path file = dir.resolve("history.db");
        String shrank = "shrank from 10.0 MiB to 0 B while read; stored 10.0 MiB, zero-padded after byte 0";
        List<FileNote> many = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> new FileNote("/srv/tmp/f" + i, "vanished before it was read")).toList();
        try (HistoryStore s = HistoryStore.open(file)) {
            recordFilesRun(s, "20251120T100000Z", List.of(new FileNote("/var/log/app.log", shrank)),
                    List.of(new FileNote("/var/log/app.sock", "socket, not read")));
            recordFilesRun(s, "20251120T110000Z", List.of(), many);
        }

        // when
        String page;
        try (Dashboard d = dashboard(file)) {
            page = d.page(7, false);
        }

        // then
        assertThat(page).contains("<ul class=\"warnings\"><li>www: /var/log/app.log: " + shrank + "</li>"
                + "<li>www: /var/log/app.sock: socket, not read</li></ul>");
        assertThat(page).contains("<li>www: /srv/tmp/f2: vanished before it was read</li>"
                + "<li class=\"sub\">and 47 more in the manifest (components[].facts)</li>").doesNotContain("/srv/tmp/f3:");
    }

    private static void recordFilesRun(HistoryStore s, String id, List<FileNote> changed, List<FileNote> skipped) {
        Instant started = dev.backstop.core.BackupId.parse(id).time();
        s.recordRunStarted(id, "api-gateway", started, 1);
        s.recordComponent(id, new ComponentEntry("www", "files", "www.tar.gz", "gzip", 100, 1000, "ab".repeat(32), 10,
                SourceFacts.files(3, 3, 1000, skipped, changed)));
        s.recordRunFinished(id, started.plusSeconds(60), RunOutcome.SUCCESS, 0, null, 100);
    }

    @Test
    void page_newestBackupInAChain_showsHowManySetsARestoreReadsAndTheChain() {
        // given a full, then an increment on it
        Path file = dir.resolve("history.db");
        ComponentIncrement full = ComponentIncrement.full("20251120T100000Z");
        try (HistoryStore s = HistoryStore.open(file)) {
            recordChainedRun(s, "20251120T100000Z", 5000, full);
            recordChainedRun(s, "20251120T110000Z", 20, full.next("20251120T100000Z"));
        }

        // when
        String page;
        try (Dashboard d = dashboard(file)) {
            page = d.page(7, false);
        }

        // then
        assertThat(page).contains("<div class=\"card\" id=\"chain\"><div class=\"label\">Restore reads</div>"
                + "<div class=\"value\">2 sets</div><div class=\"sub\">www +1 of 20251120T100000Z</div></div>");
    }

    @Test
    void page_noChain_showsNoChainCard() throws Exception {
        // given
        Path file = dir.resolve("history.db");
        try (HistoryStore s = HistoryStore.open(file)) {
            recordFilesRun(s, "20251120T100000Z", List.of(), List.of());
        }

        // then
        try (Dashboard d = dashboard(file)) {
            assertThat(d.page(7, false)).doesNotContain("id=\"chain\"");
        }
    }

    @Test
    void page_newestSetRecordsLogPositionsOnly_saysSoNotZeroComponents() {
        // given a run of sources whose databases the archived binary logs carry: no dump, a position each
        Path file = dir.resolve("history.db");
        Instant started = Instant.parse("2025-11-20T10:00:00Z");
        try (HistoryStore s = HistoryStore.open(file)) {
            s.recordRunStarted("20251120T100000Z", "api-gateway", started, 1);
            s.recordRunFinished("20251120T100000Z", started.plusSeconds(3), RunOutcome.SUCCESS, 0, null, 1_200L);
        }

        // when
        String page;
        try (Dashboard d = dashboard(file)) {
            page = d.page(7, false);
        }

        // then
        assertThat(page).contains("log positions only, no dump").doesNotContain("0 component(s)");
    }

    private static void recordChainedRun(HistoryStore s, String id, long bytes, ComponentIncrement increment) {
        Instant started = dev.backstop.core.BackupId.parse(id).time();
        s.recordRunStarted(id, "api-gateway", started, 1);
        s.recordComponent(id, new ComponentEntry("www", "files", "www.tar.gz", "gzip", bytes, bytes * 2, "ab".repeat(32), 10,
                SourceFacts.files(3, 3, 10_000, List.of(), List.of()), null, increment));
        s.recordRunFinished(id, started.plusSeconds(60), RunOutcome.SUCCESS, 0, null, bytes);
    }

    @Test
    void page_manyRuns_listsSixtyUnlessAllAreAsked() {
        // given
        Path file = dir.resolve("history.db");
        SampleHistory.write(file, NOW, 80);

        // when
        String some;
        String all;
        try (Dashboard d = dashboard(file)) {
            some = d.page(30, false);
            all = d.page(30, true);
        }

        // then
        assertThat(some.split("<tr class=\"run ", -1)).hasSize(61);
        assertThat(some).contains("60 of 80 runs shown.");
        assertThat(all.split("<tr class=\"run ", -1)).hasSize(81);
    }

    @Test
    void page_anotherProcessRecordsARun_showsItOnTheNextPage() {
        // given: a page read and kept
        Path file = dir.resolve("history.db");
        SampleHistory.write(file, NOW.minusSeconds(3600), 3);
        try (Dashboard d = dashboard(file)) {
            assertThat(d.page(7, false)).doesNotContain("20251120T115500Z");

            // when: a run records itself through its own connection
            try (HistoryStore other = HistoryStore.open(file)) {
                other.recordRunStarted("20251120T115500Z", "api-gateway", Instant.parse("2025-11-20T11:55:00Z"), 9);
            }

            // then
            assertThat(d.page(7, false)).contains("<tr class=\"run run-running\" id=\"run-20251120T115500Z\">");
        }
    }

    @Test
    void metrics_withoutHistory_throwsNamingTheFile() {
        try (Dashboard d = dashboard(dir.resolve("none.db"))) {
            assertThatThrownBy(d::metrics).hasMessageContaining("none.db");
        }
    }
}
