package dev.backstop.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.ComponentIncrement;
import dev.backstop.core.RunOutcome;
import dev.backstop.core.SourceFacts;
import dev.backstop.history.ComponentRecord;
import dev.backstop.history.Overview;
import dev.backstop.history.RunRecord;
import dev.backstop.history.RunView;
import dev.backstop.history.StoredBackup;
import dev.backstop.history.VerificationRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The health rules of {@code status} as a table: one history change per row, and the state it yields. */
class HealthEvaluatorTest {

    static final Instant NOW = Instant.parse("2025-11-04T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String ID = "20251104T110000Z";
    static final Instant STARTED = Instant.parse("2025-11-04T11:00:00Z");
    static final HealthPolicy POLICY = HealthPolicy.defaults();

    /** A healthy history: newest run succeeded an hour ago, stored on local and nas, restore test a day ago. */
    static final class Given {
        RunView newest = view(RunOutcome.SUCCESS, null, List.of(), 0);
        Map<String, StoredBackup> stored = new HashMap<>(Map.of(
                "local", stored("local", ID, STARTED), "nas", stored("nas", ID, STARTED)));
        VerificationRecord verify = check(VerificationRecord.VERIFY, "ok", NOW.minus(Duration.ofHours(3)), List.of());
        VerificationRecord restoreTest = check(VerificationRecord.RESTORE_TEST, "ok", NOW.minus(Duration.ofDays(1)), List.of());
        VerificationRecord passedRestoreTest = restoreTest;

        Overview overview() {
            return new Overview(newest, null, newest == null || newest.run().outcome() != RunOutcome.SUCCESS ? null : newest.run(),
                    newest, stored, Map.of(), verify, restoreTest, passedRestoreTest);
        }
    }

    static Stream<Arguments> table() {
        return Stream.of(
                row("all good", g -> g, HealthState.OK, "newest backup " + ID + " (1h00m ago) stored and verified on local, nas"),
                row("newest run failed", g -> with(g, x -> x.newest = view(RunOutcome.FAILED, "source appdb failed: exit 2", List.of(), 0)),
                        HealthState.CRITICAL, "newest run " + ID + " failed: source appdb failed: exit 2"),
                row("newest run partial", g -> with(g, x -> x.newest = view(RunOutcome.PARTIAL, "target nas failed", List.of(), 0)),
                        HealthState.CRITICAL, "failed on a target: target nas failed"),
                row("newest run interrupted", g -> with(g, x -> x.newest = view(RunOutcome.INTERRUPTED, "SIGTERM", List.of(), 0)),
                        HealthState.CRITICAL, "was interrupted: SIGTERM"),
                row("newest run aborted", g -> with(g, x -> x.newest = view(RunOutcome.ABORTED, null, List.of(), 0)),
                        HealthState.CRITICAL, "was aborted"),
                row("no run finished", g -> with(g, x -> x.newest = null), HealthState.CRITICAL, "no backup run has finished yet"),
                row("anomaly", g -> with(g, x -> x.newest = view(RunOutcome.ANOMALY, null,
                        List.of(new AnomalyFinding("appdb", "bytes", 50, 10, "appdb: bytes fell")), 0)),
                        HealthState.WARNING, "1 anomaly finding(s): appdb: bytes fell; if expected: backstop accept " + ID),
                row("history rebuilt", g -> with(g, x -> x.newest = new RunView(new RunRecord(ID, "web-1", STARTED,
                        STARTED.plusSeconds(125), 1, RunOutcome.SUCCESS, 7, "history was damaged: moved aside to"
                        + " history.db.corrupt-20251104T110000Z", 1000L, null), List.of(), List.of(), List.of(), 0)),
                        HealthState.WARNING, "newest run " + ID + " is stored and verified, but: history was damaged: moved"
                        + " aside to history.db.corrupt-20251104T110000Z"),
                row("notification failed", g -> with(g, x -> x.newest = view(RunOutcome.SUCCESS, null, List.of(), 2)),
                        HealthState.WARNING, "2 notification(s) about run " + ID + " failed"),
                row("stale on nas", g -> with(g, x -> x.stored.put("nas", stored("nas", "20251103T020000Z",
                        Instant.parse("2025-11-03T02:00:00Z")))), HealthState.CRITICAL,
                        "newest backup on target nas is 20251103T020000Z, 34h00m old, older than --max-age 25h00m"),
                row("target without backup", g -> with(g, x -> x.stored.remove("nas")), HealthState.CRITICAL,
                        "target nas holds no backup that history records"),
                row("verify failed", g -> with(g, x -> x.verify = check(VerificationRecord.VERIFY, "failed", NOW.minus(Duration.ofHours(1)),
                        List.of(new VerificationRecord.FindingRow("CRITICAL", "nas", "20251102T020000Z", null, "gone")))),
                        HealthState.CRITICAL, "last verify (1h00m ago) found CRITICAL nas 20251102T020000Z: gone"),
                row("restore test failed", g -> with(g, x -> x.restoreTest = check(VerificationRecord.RESTORE_TEST, "failed",
                        NOW.minus(Duration.ofHours(2)), List.of(new VerificationRecord.FindingRow("ERROR", "local", ID, null,
                                "table users: 3 rows restored, manifest records 4")))),
                        HealthState.CRITICAL, "failed: ERROR local " + ID + ": table users: 3 rows restored"),
                row("restore test old", g -> with(g, x -> x.passedRestoreTest = check(VerificationRecord.RESTORE_TEST, "ok",
                        NOW.minus(Duration.ofDays(9)), List.of())), HealthState.WARNING,
                        "last passed restore test is 9d00h old, older than --max-restore-test-age 8d00h"),
                row("no restore test", g -> with(g, x -> {
                    x.restoreTest = null;
                    x.passedRestoreTest = null;
                }), HealthState.WARNING, "no restore test has passed yet"),
                row("warning and critical", g -> with(g, x -> {
                    x.passedRestoreTest = null;
                    x.stored.remove("local");
                }), HealthState.CRITICAL, "target local holds no backup that history records (and 1 more)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void evaluate_history_yieldsState(String name, UnaryOperator<Given> change, HealthState expected, String text) {
        // given
        Given g = change.apply(new Given());

        // when
        Health h = HealthEvaluator.evaluate(g.overview(), List.of("local", "nas"), null, POLICY, CLOCK);

        // then
        assertThat(h.state()).as(h.summary()).isEqualTo(expected);
        assertThat(h.exitCode()).isEqualTo(expected.exitCode());
        assertThat(h.summary()).contains(text);
        assertThat(h.nagiosLines().get(0)).startsWith("BACKSTOP " + expected.name() + " - ");
    }

    @Test
    void evaluate_targetCheckFindsMissingBackup_isCriticalNamingTarget() {
        // given
        List<TargetCheck> checks = List.of(new TargetCheck("nas", HealthState.CRITICAL, "20251102T020000Z: history records it, the target lacks it"));

        // when
        Health h = HealthEvaluator.evaluate(new Given().overview(), List.of("local", "nas"), checks, POLICY, CLOCK);

        // then
        assertThat(h.state()).isEqualTo(HealthState.CRITICAL);
        assertThat(h.summary()).startsWith("target nas: 20251102T020000Z: history records it");
    }

    @Test
    void nagiosLines_okHistory_carryPerformanceDataWithThresholds() {
        // when
        Health h = HealthEvaluator.evaluate(new Given().overview(), List.of("local", "nas"), List.of(), POLICY, CLOCK);

        // then
        assertThat(h.nagiosLines()).hasSize(1);
        assertThat(h.nagiosLines().get(0)).contains(" | ").contains("'age_local'=3600s;;90000;0;")
                .contains("'age_nas'=3600s;;90000;0;").contains("'last_run_bytes'=1000B;;;0;")
                .contains("'restore_test_age'=86400s;691200;;0;").contains("'restore_time'=94.683s;;;0;");
        assertThat(new Health.PerfDatum("last_run_duration", 683 / 1000.0, "s", null, null).format())
                .as("a run under a second is not 0s").isEqualTo("'last_run_duration'=0.683s;;;0;");
    }

    @Test
    void nagiosLines_severalProblems_listEachOnItsOwnLineWithoutPipes() {
        // given
        Given g = new Given();
        g.newest = view(RunOutcome.FAILED, "dump | gzip failed", List.of(), 1);

        // when
        List<String> lines = HealthEvaluator.evaluate(g.overview(), List.of("local"), null, POLICY, CLOCK).nagiosLines();

        // then
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).split("\\|")).hasSize(2);
        assertThat(lines.get(1)).isEqualTo("CRITICAL: newest run " + ID + " failed: dump / gzip failed");
        assertThat(lines.get(2)).startsWith("WARNING: 1 notification(s)");
    }

    @Test
    void evaluate_acceptedAnomaly_isOk() {
        // given
        Given g = new Given();
        RunRecord r = new RunRecord(ID, "web-1", STARTED, STARTED.plusSeconds(60), 1, RunOutcome.ANOMALY, 7, null, 1000L,
                NOW.minusSeconds(60));
        g.newest = new RunView(r, List.of(), List.of(new AnomalyFinding("appdb", "bytes", 50, 10, "fell")), List.of(), 0);

        // then
        assertThat(HealthEvaluator.evaluate(g.overview(), List.of("local"), null, POLICY, CLOCK).state()).isEqualTo(HealthState.OK);
    }

    @Test
    void evaluate_newestBackupInAChain_showsTheChainInTheSummaryAndPerformanceData() {
        // given the newest backup holds a dump and the third increment of a files chain
        Given g = new Given();
        RunRecord r = g.newest.run();
        ComponentRecord dump = new ComponentRecord(ID, "appdb", "mysql", "appdb.sql.gz", "gzip", 10, 30, "a".repeat(64), 1,
                SourceFacts.none(), new TreeMap<>());
        ComponentRecord www = new ComponentRecord(ID, "www", "files", "www.tar.gz", "gzip", 10, 30, "b".repeat(64), 1,
                SourceFacts.files(3, 30, List.of(), List.of()), new TreeMap<>(),
                new ComponentIncrement(3, "20251101T110000Z", "20251103T110000Z"));
        g.newest = new RunView(r, List.of(dump, www), List.of(), List.of(), 0);

        // when
        Health h = HealthEvaluator.evaluate(g.overview(), List.of("local", "nas"), null, POLICY, CLOCK);

        // then
        assertThat(h.state()).isEqualTo(HealthState.OK);
        assertThat(h.summary()).endsWith("; chain: www +3 of 20251101T110000Z");
        assertThat(h.nagiosLines().get(0)).contains("'chain_www'=4;;;0;").doesNotContain("chain_appdb");
    }

    @Test
    void unknown_nagiosLine_saysWhy() {
        assertThat(Health.unknown("cannot read history: disk I/O error").nagiosLines())
                .containsExactly("BACKSTOP UNKNOWN - cannot read history: disk I/O error");
    }

    private static Arguments row(String name, UnaryOperator<Given> change, HealthState state, String text) {
        return Arguments.of(name, change, state, text);
    }

    private static Given with(Given g, java.util.function.Consumer<Given> change) {
        change.accept(g);
        return g;
    }

    static RunView view(RunOutcome outcome, String reason, List<AnomalyFinding> findings, int failedNotifications) {
        RunRecord r = new RunRecord(ID, "web-1", STARTED, STARTED.plusSeconds(125), 1, outcome, 0, reason, 1000L, null);
        return new RunView(r, List.of(), new ArrayList<>(findings), List.of(), failedNotifications);
    }

    static StoredBackup stored(String target, String id, Instant started) {
        return new StoredBackup(target, id, started, started.plusSeconds(120), 1000L, "read-back", 3);
    }

    static VerificationRecord check(String kind, String outcome, Instant finished, List<VerificationRecord.FindingRow> findings) {
        return new VerificationRecord(kind, finished.minusSeconds(94), finished, "local,nas", kind.equals("verify") ? null : ID,
                null, 2, 4, 1000, outcome, kind.equals("verify") ? null : 94_683L, findings);
    }
}
