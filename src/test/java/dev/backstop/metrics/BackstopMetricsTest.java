package dev.backstop.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ComponentIncrement;
import dev.backstop.core.RunOutcome;
import dev.backstop.core.SourceFacts;
import dev.backstop.dashboard.SampleHistory;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.Overview;
import dev.backstop.history.TargetCommitRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus text: valid format, conventional names, the values history holds. */
class BackstopMetricsTest {

    static final Instant NOW = Instant.parse("2025-11-20T12:00:00Z");
    static final Pattern SAMPLE = Pattern.compile("([a-z_]+)(\\{([a-z_]+=\"([^\"\\\\]|\\\\.)*\",?)*})? (-?[0-9]+(\\.[0-9]+)?)");

    @TempDir
    Path dir;

    static String render(Path file) {
        try (HistoryStore h = HistoryStore.open(file)) {
            return BackstopMetrics.render(h.reports().overview(), "api-gateway", "1.2.3", List.of("local", "nas", "s3"));
        }
    }

    @Test
    void render_sampleHistory_isValidTextFormatWithConventionalNames() {
        // given
        SampleHistory.write(dir.resolve("h.db"), NOW, 30);

        // when
        String text = render(dir.resolve("h.db"));

        // then: every sample follows its family's TYPE line, each family once, names by convention
        Set<String> families = new HashSet<>();
        String current = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                assertThat(families.add(parts[2])).as("family declared once: " + parts[2]).isTrue();
                assertThat(parts[3]).isIn("gauge", "counter");
                assertThat(parts[2]).startsWith("backstop_");
                if (parts[3].equals("counter")) {
                    assertThat(parts[2]).endsWith("_total");
                }
                current = parts[2];
            } else if (!line.startsWith("# HELP ")) {
                assertThat(line).matches(SAMPLE);
                assertThat(line).startsWith(current);
            }
        }
        assertThat(families).filteredOn(f -> f.contains("timestamp")).allMatch(f -> f.endsWith("_timestamp_seconds"));
        assertThat(families).contains("backstop_component_bytes", "backstop_component_duration_seconds",
                "backstop_last_run_duration_seconds", "backstop_runs_total", "backstop_restore_test_last_restore_seconds");
    }

    @Test
    void render_sampleHistory_reportsOutcomesTargetsSizesRowsAndChecks() {
        // given: the newest run failed; the one before stored 3 components
        SampleHistory h = SampleHistory.write(dir.resolve("h.db"), NOW, 30);

        // when
        String text = render(dir.resolve("h.db"));

        // then
        long prevStart = dev.backstop.core.BackupId.parse(h.ids.get(28)).time().getEpochSecond();
        assertThat(text).contains("backstop_last_run_outcome{outcome=\"failed\"} 1\n")
                .contains("backstop_last_run_outcome{outcome=\"success\"} 0\n")
                .contains("backstop_last_run_exit_code 5\n")
                .contains("backstop_last_run_notifications_failed 1\n")
                .contains("backstop_last_success_timestamp_seconds " + prevStart + ".000\n")
                .contains("backstop_runs_total{outcome=\"success\"} 27\n")
                .contains("backstop_runs_total{outcome=\"anomaly\"} 1\n")
                .contains("backstop_runs_total{outcome=\"partial\"} 1\n")
                .contains("backstop_target_last_success_timestamp_seconds{target=\"nas\"} " + prevStart + ".000\n")
                .contains("backstop_target_last_success_timestamp_seconds{target=\"s3\"} 0\n")
                .contains("backstop_target_backups{target=\"s3\"} 0\n")
                .contains("backstop_target_last_commit_success{target=\"local\"} 0\n")
                .contains("backstop_component_bytes{component=\"system-config\",type=\"files\"} 2150000\n")
                .contains("backstop_component_files{component=\"system-config\"} 1412\n")
                .contains("backstop_table_rows{component=\"appdb\",table=\"settings\"} 42\n")
                .contains("backstop_verify_last_success 1\n")
                .contains("backstop_restore_test_last_restore_seconds 94.000\n")
                .contains("backstop_restore_test_last_findings{severity=\"error\"} 0\n");
    }

    @Test
    void render_newestBackupInAChain_givesChainLengthAndBaseTimePerChainedComponent() {
        // given a run that stored a dump and the second increment of a files chain
        String id = "20251120T020000Z";
        try (HistoryStore h = HistoryStore.open(dir.resolve("h.db"))) {
            Instant started = dev.backstop.core.BackupId.parse(id).time();
            h.recordRunStarted(id, "api-gateway", started, 1);
            h.recordComponent(id, new ComponentEntry("appdb", "mysql", "appdb.sql.gz", "gzip", 10, 30, "a".repeat(64), 1,
                    SourceFacts.none()));
            h.recordComponent(id, new ComponentEntry("www", "files", "www.tar.gz", "gzip", 10, 30, "b".repeat(64), 1,
                    SourceFacts.files(3, 3, 30, List.of(), List.of()), null,
                    new ComponentIncrement(2, "20251118T020000Z", "20251119T020000Z")));
            h.recordTargetCommit(id, TargetCommitRecord.committed("local", "p", "read-back", 20, started));
            h.recordRunFinished(id, started.plusSeconds(60), RunOutcome.SUCCESS, 0, null, 20);
        }

        // when
        String text = render(dir.resolve("h.db"));

        // then
        long base = Instant.parse("2025-11-18T02:00:00Z").getEpochSecond();
        assertThat(text).contains("backstop_chain_length{component=\"www\"} 3\n")
                .contains("backstop_chain_base_timestamp_seconds{component=\"www\"} " + base + ".000\n")
                .doesNotContain("backstop_chain_length{component=\"appdb\"}");
    }

    @Test
    void render_emptyHistory_givesZeroTimestampsSoAgeAlertsFire() {
        String text = BackstopMetrics.render(Overview.empty(), "h", "1", List.of("local"));
        assertThat(text).contains("backstop_last_success_timestamp_seconds 0\n")
                .contains("backstop_target_last_success_timestamp_seconds{target=\"local\"} 0\n")
                .contains("backstop_restore_test_last_success 0\n").doesNotContain("backstop_component_bytes{")
                .doesNotContain("backstop_chain_length");
    }

    @Test
    void escape_labelValues_quotesBackslashesAndNewlines() {
        assertThat(PrometheusText.escape("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
        assertThat(PrometheusText.millisAsSeconds(94_005)).isEqualTo("94.005");
    }

    @Test
    void asData_sampleHistory_holdsEverySampleOfTheText() {
        // given
        SampleHistory.write(dir.resolve("h.db"), NOW, 30);
        String text = render(dir.resolve("h.db"));

        // when
        List<Map<String, Object>> families;
        try (HistoryStore h = HistoryStore.open(dir.resolve("h.db"))) {
            families = BackstopMetrics.asData(h.reports().overview(), "api-gateway", "1.2.3", List.of("local", "nas", "s3"));
        }

        // then: the same families in the same order, each sample with its value
        List<String> declared = text.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2]).toList();
        assertThat(families).extracting(f -> f.get("name")).containsExactlyElementsOf(declared);
        long samples = text.lines().filter(l -> !l.startsWith("#")).count();
        assertThat(families.stream().mapToLong(f -> ((List<?>) f.get("samples")).size()).sum()).isEqualTo(samples);
        assertThat(families.get(0)).containsEntry("type", "gauge");
        assertThat(families.get(0).get("samples").toString()).contains("host=api-gateway").contains("value=1");
    }

    @Test
    void render_logArchives_lagGapsPositionWindowAndArchiverUpPerSource() {
        // given one source caught up 30 s ago with a window of a day and a gap, one never caught up
        var shop = new dev.backstop.core.LogArchiveState("shop", java.time.Duration.ofMinutes(10), NOW.minusSeconds(30),
                "bin.000042:1234", NOW.minusSeconds(31), List.of("target nas: bin.000040: bytes 4 to 90 are missing"),
                NOW.minusSeconds(86_400), "20251119T120000Z", NOW.minusSeconds(100),
                new dev.backstop.core.ArchiverProcess(4242, true, NOW.minusSeconds(3600), NOW.minusSeconds(5), null, null,
                        null, null, true));
        var crm = dev.backstop.core.LogArchiveState.none("crm", java.time.Duration.ofMinutes(5));

        // when
        String text = BackstopMetrics.render(Overview.empty(), "api-gateway", "1.2.3", List.of("local"), List.of(shop, crm), NOW);

        // then
        assertThat(text).contains("backstop_log_archive_lag_seconds{source=\"shop\"} 30.000\n")
                .contains("backstop_log_archive_lag_seconds{source=\"crm\"} " + NOW.getEpochSecond() + ".000\n")
                .contains("backstop_log_archive_max_lag_seconds{source=\"shop\"} 600\n")
                .contains("backstop_log_archive_newest_position_bytes{source=\"shop\",file=\"bin.000042\"} 1234\n")
                .contains("backstop_log_archive_newest_segment_timestamp_seconds{source=\"crm\"} 0\n")
                .contains("backstop_log_archive_gaps{source=\"shop\"} 1\n")
                .contains("backstop_log_archive_gaps{source=\"crm\"} 0\n")
                .contains("backstop_log_archive_recovery_window_seconds{source=\"shop\"} 86370.000\n")
                .contains("backstop_log_archive_recovery_window_start_timestamp_seconds{source=\"crm\"} 0\n")
                .contains("backstop_log_archive_up{source=\"shop\"} 1\n")
                .contains("backstop_log_archive_streaming{source=\"shop\"} 1\n")
                .contains("backstop_log_archive_heartbeat_timestamp_seconds{source=\"shop\"} " + (NOW.getEpochSecond() - 5))
                .contains("backstop_log_archive_up{source=\"crm\"} 0\n")
                .contains("backstop_log_archive_streaming{source=\"crm\"} 0\n");
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                assertThat(line).matches(SAMPLE);
            }
        }
    }
}
