package dev.backstop.status;

import static dev.backstop.status.HealthEvaluatorTest.CLOCK;
import static dev.backstop.status.HealthEvaluatorTest.NOW;
import static dev.backstop.status.HealthEvaluatorTest.POLICY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.ArchiverProcess;
import dev.backstop.status.Health.PerfDatum;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** status and the binary-log archive: the lag against max_lag, an archiver that never caught up, stopped or fails. */
class LogLagTest {

    private static final Duration MAX_LAG = Duration.ofMinutes(5);

    @Test
    void caughtUpRecently_okWithTheLagInPerfdata() {
        Health health = evaluate(new LogLag("appdb", MAX_LAG, NOW.minusSeconds(40)));

        assertThat(health.state()).isEqualTo(HealthState.OK);
        assertThat(health.perf()).contains(new PerfDatum("log_lag_appdb", 40, "s", null, 300L));
        assertThat(health.nagiosLines().get(0)).contains("'log_lag_appdb'=40s;;300;0;");
    }

    @Test
    void lagAtMaxLag_ok_beyondIt_criticalNamingTheSourceAndTheService() {
        assertThat(evaluate(new LogLag("appdb", MAX_LAG, NOW.minus(MAX_LAG))).state()).isEqualTo(HealthState.OK);

        Health behind = evaluate(new LogLag("appdb", MAX_LAG, NOW.minus(Duration.ofMinutes(42))));

        assertThat(behind.state()).isEqualTo(HealthState.CRITICAL);
        assertThat(behind.summary()).startsWith("source appdb: the binary-log archive is 42m00s behind the server"
                        + " (last caught up 42m00s ago), more than max_lag 5m00s")
                .contains("backstop-archive-logs.service");
    }

    @Test
    void neverCaughtUp_criticalSayingHowToStartIt() {
        Health health = evaluate(new LogLag("appdb", MAX_LAG, null));

        assertThat(health.state()).isEqualTo(HealthState.CRITICAL);
        assertThat(health.summary()).startsWith("source appdb: the binary-log archiver has never caught up")
                .contains("systemctl enable --now backstop-archive-logs.service");
        assertThat(health.perf()).extracting(PerfDatum::label).doesNotContain("log_lag_appdb");
    }

    @Test
    void caughtUpClockAhead_lagZero() {
        assertThat(new LogLag("appdb", MAX_LAG, NOW.plusSeconds(3)).at(NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void oneSourceBehind_onlyItIsNamed() {
        Health health = evaluate(new LogLag("appdb", MAX_LAG, NOW.minusSeconds(10)),
                new LogLag("shop", MAX_LAG, NOW.minus(Duration.ofHours(2))));

        assertThat(health.problems()).singleElement().extracting(Health.Problem::message).asString()
                .startsWith("source shop:");
    }

    @Test
    void gapSeenByTheArchiver_criticalNamingTargetAndRange() {
        Health health = evaluate(new LogLag("appdb", MAX_LAG, NOW.minusSeconds(5),
                List.of("target nas: bin.000003: bytes 100 to 250 are missing"), NOW.minus(Duration.ofDays(1)),
                "20251119T120000Z", NOW.minusSeconds(60)));

        assertThat(health.state()).isEqualTo(HealthState.CRITICAL);
        assertThat(health.summary()).startsWith("source appdb: the archived binary logs have 1 gap(s), a replay stops at"
                + " the first: target nas: bin.000003: bytes 100 to 250 are missing");
    }

    @Test
    void completeChain_recoveryWindowInTheSummaryAndPerfdata() {
        Health health = evaluate(new LogLag("appdb", MAX_LAG, NOW.minusSeconds(5), List.of(),
                NOW.minus(Duration.ofHours(30)), "20251103T060000Z", NOW.minusSeconds(60)));

        assertThat(health.state()).isEqualTo(HealthState.OK);
        assertThat(health.summary()).endsWith("; appdb recoverable to any moment from 2025-11-03T06:00:00Z (dump"
                + " 20251103T060000Z) to 2025-11-04T11:59:55Z");
        assertThat(health.perf()).contains(new PerfDatum("log_window_appdb", 30 * 3600 - 5, "s", null, null));
    }

    @Test
    void caughtUpWithinASecond_windowEndsAtAWholeSecondAsRestoreAtTakesIt() {
        Health health = evaluate(new LogLag("appdb", MAX_LAG, NOW.minusSeconds(5).plusNanos(328_931_653), List.of(),
                NOW.minus(Duration.ofHours(30)), "20251103T060000Z", NOW.minusSeconds(60)));

        assertThat(health.summary()).endsWith(" to 2025-11-04T11:59:55Z");
    }

    @Test
    void targetsLookedAtButNoDumpStartsAChain_warning() {
        Health health = evaluate(new LogLag("appdb", MAX_LAG, NOW.minusSeconds(5), List.of(), null, null,
                NOW.minusSeconds(60)));

        assertThat(health.state()).isEqualTo(HealthState.WARNING);
        assertThat(health.summary()).startsWith("source appdb: no dump on any target starts a complete chain");
    }

    @Test
    void archiverKilled_criticalFirstWithTheReasonNotTheLag() {
        // given an archiver whose pid is gone and whose archive is 12 minutes behind
        ArchiverProcess killed = new ArchiverProcess(4242, true, NOW.minus(Duration.ofHours(3)),
                NOW.minus(Duration.ofMinutes(12)), null, null, null, null, false);

        Health health = evaluate(withArchiver(NOW.minus(Duration.ofMinutes(12)), killed));

        assertThat(health.state()).isEqualTo(HealthState.CRITICAL);
        assertThat(health.summary()).startsWith("source appdb: the binary-log archiver stopped 12m00s ago (at"
                + " 2025-11-04T11:48:00Z): pid 4242 is gone without a word").endsWith("(and 1 more)");
        assertThat(health.problems().get(1).message()).startsWith("source appdb: the binary-log archive is 12m00s behind");
    }

    @Test
    void archiverReconnecting_warningAfterAMinuteNamingTheError_okBefore() {
        String denied = "Access denied for user 'backstop_repl'@'localhost' (using password: YES)";
        ArchiverProcess justFailed = new ArchiverProcess(4242, true, NOW.minus(Duration.ofHours(3)), NOW.minusSeconds(2),
                NOW.minusSeconds(30), denied, null, null, true);
        ArchiverProcess failing = new ArchiverProcess(4242, true, NOW.minus(Duration.ofHours(3)), NOW.minusSeconds(2),
                NOW.minus(LogLag.RECONNECT_GRACE), denied, null, null, true);

        assertThat(evaluate(withArchiver(NOW.minusSeconds(30), justFailed)).state()).isEqualTo(HealthState.OK);
        Health health = evaluate(withArchiver(NOW.minus(LogLag.RECONNECT_GRACE), failing));

        assertThat(health.state()).isEqualTo(HealthState.WARNING);
        assertThat(health.summary()).isEqualTo("source appdb: the binary-log archiver is reconnecting since"
                + " 2025-11-04T11:59:00Z (1m00s), retrying with backoff: " + denied);
    }

    @Test
    void archiverStreaming_noProblem() {
        ArchiverProcess streaming = new ArchiverProcess(4242, true, NOW.minus(Duration.ofHours(3)), NOW.minusSeconds(5),
                null, null, null, null, true);

        assertThat(evaluate(withArchiver(NOW.minusSeconds(1), streaming)).state()).isEqualTo(HealthState.OK);
    }

    private static LogLag withArchiver(java.time.Instant caughtUp, ArchiverProcess archiver) {
        return new LogLag("appdb", MAX_LAG, caughtUp, List.of(), null, null, null, archiver);
    }

    private static Health evaluate(LogLag... logs) {
        return HealthEvaluator.evaluate(new HealthEvaluatorTest.Given().overview(), List.of("local", "nas"), null,
                List.of(logs), POLICY, CLOCK);
    }
}
