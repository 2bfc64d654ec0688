package dev.backstop.history;

import static dev.backstop.history.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.RunOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreConcurrencyTest {

    @TempDir
    Path dir;

    @Test
    void record_twoStoresOnOneFileWritingAtOnce_noWriteIsLost() throws Exception {
        // given two stores on the same file, as two processes would have (one connection each)
        Path db = dir.resolve("history.db");
        int runsPerWriter = 25;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            // when both write runs with components as fast as they can
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    try (HistoryStore store = HistoryStore.open(db)) {
                        start.await();
                        for (int i = 0; i < runsPerWriter; i++) {
                            String id = String.format("2025110%dT02%02d00Z", writer + 1, i);
                            store.recordRunStarted(id, "h" + writer, T0.plusSeconds(i), writer);
                            store.recordComponent(id, Fixtures.database("appdb", 100 + i, i, i + 1));
                            store.recordRunFinished(id, T0.plusSeconds(i + 1), RunOutcome.SUCCESS, 0, null, 100 + i);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();

            // then neither writer saw "database is locked"
            for (Future<?> f : writers) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // and every run is there, complete
        try (HistoryStore store = HistoryStore.open(db)) {
            List<RunRecord> runs = store.recentRuns(1000);
            assertThat(runs).hasSize(2 * runsPerWriter).allSatisfy(r -> {
                assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCESS);
                assertThat(store.components(r.id())).singleElement()
                        .satisfies(c -> assertThat(c.tableRows()).hasSize(2));
            });
        }
    }

    @Test
    void open_twoStoresOpeningAFreshFileAtOnce_bothMigrateWithoutError() throws Exception {
        // given a path nothing has created yet
        Path db = dir.resolve("fresh/history.db");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            // when two stores open it at the same moment
            List<Future<Integer>> opened = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                opened.add(pool.submit(() -> {
                    start.await();
                    try (HistoryStore store = HistoryStore.open(db)) {
                        return store.recentRuns(1).size();
                    }
                }));
            }
            start.countDown();

            // then both succeed on an empty, migrated history
            for (Future<Integer> f : opened) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
