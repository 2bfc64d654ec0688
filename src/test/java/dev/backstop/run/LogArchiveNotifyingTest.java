package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.NotifyConfig;
import dev.backstop.logarchive.LogArchiveWatcher;
import dev.backstop.notify.MessageText;
import dev.backstop.notify.RunNotice;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the notifiers are told when a problem of a log archive begins and ends. */
class LogArchiveNotifyingTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void notice_gapBegins_failureWithTheMessage() {
        RunNotice n = LogArchiveNotifying.notice("web1", LogArchiveWatcher.Problem.GAP, true,
                "source appdb: the archived binary logs have 1 gap(s)", NOW);

        assertThat(n.kind()).isEqualTo(RunNotice.LOG_ARCHIVE);
        assertThat(n.events()).containsExactly(NotifyConfig.Event.FAILURE);
        assertThat(n.outcome()).isEqualTo("failed");
        assertThat(n.summary()).isEqualTo("backstop web1: log archive gap: source appdb: the archived binary logs have 1 gap(s)");
        assertThat(MessageText.body(n)).contains("Check:     log-archive on web1").contains("source appdb: the archived");
    }

    @Test
    void notice_lagOver_successAndRecovery() {
        RunNotice n = LogArchiveNotifying.notice("web1", LogArchiveWatcher.Problem.LAG, false, "caught up again", NOW);

        assertThat(n.events()).containsExactlyInAnyOrder(NotifyConfig.Event.SUCCESS, NotifyConfig.Event.RECOVERY);
        assertThat(n.summary()).startsWith("backstop web1: log archive lag over: ");
        assertThat(n.reason()).isNull();
    }

    @Test
    void notice_archiverStopped_failureNamingIt_runningAgain_recovery() {
        RunNotice stopped = LogArchiveNotifying.notice("web1", LogArchiveWatcher.Problem.STOPPED, true,
                "source appdb: the binary-log archiver stopped 12m00s ago", NOW);
        RunNotice again = LogArchiveNotifying.notice("web1", LogArchiveWatcher.Problem.STOPPED, false,
                "source appdb: the binary-log archiver runs again", NOW);

        assertThat(stopped.events()).containsExactly(NotifyConfig.Event.FAILURE);
        assertThat(stopped.summary()).isEqualTo("backstop web1: log archiver stopped: source appdb: the binary-log"
                + " archiver stopped 12m00s ago");
        assertThat(again.events()).containsExactlyInAnyOrder(NotifyConfig.Event.SUCCESS, NotifyConfig.Event.RECOVERY);
        assertThat(again.summary()).startsWith("backstop web1: log archiver running again: ");
    }
}
