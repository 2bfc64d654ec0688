package dev.backstop.history;

import static dev.backstop.history.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.RunOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreQueryTest {

    @TempDir
    Path dir;
    private HistoryStore store;

    @BeforeEach
    void openStore() {
        store = HistoryStore.open(dir.resolve("history.db"));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Records a finished run on day {@code day} of November 2025 with one database component. */
    private String run(int day, RunOutcome outcome, long bytes, long rows) {
        String id = String.format("202511%02dT020000Z", day);
        var started = T0.plus(Duration.ofDays(day));
        store.recordRunStarted(id, "h", started, 100 + day);
        store.recordComponent(id, Fixtures.database("appdb", bytes, rows));
        store.recordRunFinished(id, started.plusSeconds(60), outcome, outcome == RunOutcome.SUCCESS ? 0 : 7, null, bytes);
        return id;
    }

    @Test
    void recentRuns_manyRuns_newestFirstUpToTheLimit() {
        // given
        String a = run(1, RunOutcome.SUCCESS, 10, 1);
        String b = run(2, RunOutcome.FAILED, 10, 1);
        String c = run(3, RunOutcome.SUCCESS, 10, 1);

        // when / then
        assertThat(store.recentRuns(2)).extracting(RunRecord::id).containsExactly(c, b);
        assertThat(store.recentRuns(10)).extracting(RunRecord::id).containsExactly(c, b, a);
    }

    @Test
    void lastGoodRuns_mixedOutcomes_returnsSuccessAndAcceptedAnomaliesNewestFirst() {
        // given
        String ok1 = run(1, RunOutcome.SUCCESS, 1000, 50);
        run(2, RunOutcome.FAILED, 1, 0);
        String accepted = run(3, RunOutcome.ANOMALY, 400, 20);
        run(4, RunOutcome.ANOMALY, 10, 1);
        run(5, RunOutcome.PARTIAL, 1000, 50);
        String ok2 = run(6, RunOutcome.SUCCESS, 420, 21);
        store.recordRunStarted("20251107T020000Z", "h", T0.plus(Duration.ofDays(7)), 1);

        // when
        boolean acceptedNow = store.acceptRun(accepted, T0.plus(Duration.ofDays(3)));
        var good = store.lastGoodRuns(7);

        // then
        assertThat(acceptedNow).isTrue();
        assertThat(good).extracting(d -> d.run().id()).containsExactly(ok2, accepted, ok1);
        assertThat(good).allSatisfy(d -> assertThat(d.run().isGood()).isTrue());
        assertThat(good.get(1).components()).singleElement().satisfies(c -> {
            assertThat(c.bytes()).isEqualTo(400);
            assertThat(c.tableRows()).isEqualTo(Map.of("table_0", 20L));
        });
        assertThat(store.lastGoodRuns(2)).extracting(d -> d.run().id()).containsExactly(ok2, accepted);
    }

    @Test
    void recentRuns_negativeLimit_isRefusedRatherThanReadAsUnlimited() {
        run(1, RunOutcome.SUCCESS, 10, 1);

        assertThatThrownBy(() -> store.recentRuns(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.lastGoodRuns(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.lastGoodRuns(0)).isEmpty();
    }

    @Test
    void acceptRun_notAnAnomaly_changesNothing() {
        String ok = run(1, RunOutcome.SUCCESS, 10, 1);
        String failed = run(2, RunOutcome.FAILED, 10, 1);

        assertThat(store.acceptRun(ok, T0)).isFalse();
        assertThat(store.acceptRun(failed, T0)).isFalse();
        assertThat(store.acceptRun("20991231T000000Z", T0)).isFalse();
        assertThat(store.run(failed).orElseThrow().acceptedAt()).isNull();
        assertThat(store.lastGoodRuns(7)).extracting(d -> d.run().id()).containsExactly(ok);
    }

    @Test
    void acceptRun_twice_keepsTheFirstTime() {
        String anomaly = run(1, RunOutcome.ANOMALY, 10, 1);

        store.acceptRun(anomaly, T0);
        store.acceptRun(anomaly, T0.plusSeconds(99));

        assertThat(store.run(anomaly).orElseThrow().acceptedAt()).isEqualTo(T0);
    }
}
