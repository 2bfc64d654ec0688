package dev.backstop.history;

import static dev.backstop.history.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.AnomalyFinding;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The findings and notifications of a run, as the anomaly check and the notifiers record them. */
class HistoryStoreFindingsTest {

    @TempDir
    Path dir;

    private HistoryStore store;

    @BeforeEach
    void open() {
        store = HistoryStore.open(dir.resolve("history.db"));
        store.recordRunStarted("20251104T020001Z", "web-1", T0, 42);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void recordFindings_twice_keepsTheSecondListInOrder() {
        // given
        AnomalyFinding a = new AnomalyFinding("appdb", "bytes", 50, 10, "appdb: bytes fell");
        AnomalyFinding b = new AnomalyFinding("appdb/users", "rows", 4, 0, "table users fell to 0 rows");

        // when
        store.recordFindings("20251104T020001Z", List.of(a));
        store.recordFindings("20251104T020001Z", List.of(b, a));

        // then
        assertThat(store.findings("20251104T020001Z")).containsExactly(b, a);
        assertThat(store.findings("20251105T020001Z")).isEmpty();
    }

    @Test
    void recordNotification_eachAttempt_isARowInOrder() {
        // when
        store.recordNotification("20251104T020001Z", new NotificationRecord("webhook http://127.0.0.1:8080", "start",
                true, "HTTP 200", T0));
        store.recordNotification("20251104T020001Z", new NotificationRecord("email to ops@example.com", "anomaly",
                false, "SMTP server down", T0.plusSeconds(5)));

        // then
        assertThat(store.notifications("20251104T020001Z")).extracting(NotificationRecord::event, NotificationRecord::ok)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("start", true),
                        org.assertj.core.groups.Tuple.tuple("anomaly", false));
        assertThat(store.notifications("20251104T020001Z").get(1).sentAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void recordFindings_unknownRun_isRefused() {
        assertThatThrownBy(() -> store.recordFindings("20200101T000000Z", List.of()))
                .isInstanceOf(HistoryException.class).hasMessageContaining("20200101T000000Z");
    }
}
