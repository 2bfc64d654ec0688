package dev.backstop.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.ArchiverProcess.Condition;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Whether an archiver lives is told by its process and its heartbeat, never by its file alone. */
class ArchiverProcessTest {

    static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    static final Instant STARTED = NOW.minus(Duration.ofHours(3));

    /** A service archiver, seen alive (or not) under its pid, with a heartbeat {@code beatAgo} old. */
    static ArchiverProcess service(boolean found, Duration beatAgo) {
        return new ArchiverProcess(4242, true, STARTED, NOW.minus(beatAgo), null, null, null, null, found);
    }

    @Test
    void condition_runningWithAFreshHeartbeat_streaming() {
        assertThat(service(true, Duration.ofSeconds(10)).condition(NOW)).isEqualTo(Condition.STREAMING);
    }

    @Test
    void condition_runningButFailing_reconnectingNamingTheError() {
        ArchiverProcess p = new ArchiverProcess(4242, true, STARTED, NOW.minusSeconds(5), NOW.minus(Duration.ofMinutes(3)),
                "Access denied for user 'backstop_repl'@'localhost'", null, null, true);

        assertThat(p.condition(NOW)).isEqualTo(Condition.RECONNECTING);
        assertThat(p.describeFailing("appdb", NOW)).isEqualTo("source appdb: the binary-log archiver is reconnecting since"
                + " 2026-12-04T09:57:00Z (3m00s), retrying with backoff: Access denied for user 'backstop_repl'@'localhost'");
    }

    @Test
    void condition_pidGoneWithAFreshFile_stoppedSinceItsLastHeartbeat() {
        // given a file that still looks alive: the process under its pid is gone (kill -9)
        ArchiverProcess p = service(false, Duration.ofSeconds(10));

        assertThat(p.condition(NOW)).isEqualTo(Condition.STOPPED);
        assertThat(p.stoppedAt()).isEqualTo(NOW.minusSeconds(10));
        assertThat(p.describeStop("appdb", NOW)).startsWith("source appdb: the binary-log archiver stopped 10.0s ago (at"
                + " 2026-12-04T09:59:50Z): pid 4242 is gone without a word: killed (kill -9, the OOM killer) or crashed")
                .endsWith("systemctl start backstop-archive-logs");
    }

    @Test
    void condition_processThereButHeartbeatStale_stoppedAsHung() {
        assertThat(service(true, ArchiverProcess.STALE).condition(NOW)).isEqualTo(Condition.STREAMING);
        ArchiverProcess hung = service(true, ArchiverProcess.STALE.plusSeconds(1));

        assertThat(hung.condition(NOW)).isEqualTo(Condition.STOPPED);
        assertThat(hung.stopReason(NOW)).contains("pid 4242 still exists but has written no heartbeat for 5m01s");
    }

    @Test
    void condition_endedWhileFailing_stoppedWithItsReasonAndLastError() {
        ArchiverProcess p = new ArchiverProcess(4242, true, STARTED, NOW.minus(Duration.ofMinutes(12)),
                NOW.minus(Duration.ofMinutes(20)), "Can't connect to server on '127.0.0.1' (111)",
                NOW.minus(Duration.ofMinutes(12)), "stopped by a signal (systemctl stop, a shutdown)", false);

        assertThat(p.condition(NOW)).isEqualTo(Condition.STOPPED);
        assertThat(p.describeStop("appdb", NOW)).startsWith("source appdb: the binary-log archiver stopped 12m00s ago"
                + " (at 2026-12-04T09:48:00Z): stopped by a signal (systemctl stop, a shutdown); its stream was failing"
                + " since 2026-12-04T09:40:00Z: Can't connect to server on '127.0.0.1' (111)");
    }

    @Test
    void condition_onceArchiverThatEndedAsItShould_doneNotStopped() {
        ArchiverProcess ended = new ArchiverProcess(4242, false, STARTED, STARTED, null, null, STARTED,
                ArchiverProcess.ARCHIVED_ONCE, false);

        assertThat(ended.condition(NOW)).isEqualTo(Condition.DONE);
    }

    @Test
    void condition_onceArchiverThatFailedOrWasKilled_stoppedAsADeadServiceIs() {
        ArchiverProcess failed = new ArchiverProcess(4242, false, STARTED, STARTED, null, null, STARTED,
                "--once failed: Access denied for user 'repl'", false);
        ArchiverProcess killed = new ArchiverProcess(4242, false, STARTED, STARTED, null, null, null, null, false);

        assertThat(failed.condition(NOW)).isEqualTo(Condition.STOPPED);
        assertThat(failed.describeStop("appdb", NOW)).contains("--once failed: Access denied for user 'repl'");
        assertThat(killed.condition(NOW)).isEqualTo(Condition.STOPPED);
    }
}
