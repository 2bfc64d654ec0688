package dev.backstop.history;

import static dev.backstop.history.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ComponentIncrement;
import dev.backstop.core.RunOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreRecordTest {

    private static final String ID = "20251104T020001Z";

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

    @Test
    void recordRunStarted_newRun_readsBackAsRunning() {
        // when
        store.recordRunStarted(ID, "api-gateway", T0, 4242);

        // then
        assertThat(store.run(ID)).contains(new RunRecord(ID, "api-gateway", T0, null, 4242,
                RunOutcome.RUNNING, null, null, null, null));
        assertThat(store.run("20991231T000000Z")).isEmpty();
    }

    @Test
    void recordRunStarted_sameIdTwice_isRefused() {
        store.recordRunStarted(ID, "h", T0, 1);

        assertThatThrownBy(() -> store.recordRunStarted(ID, "h", T0, 2))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("run " + ID + " is already recorded");
        assertThat(store.run(ID).orElseThrow().pid()).isEqualTo(1);
    }

    @Test
    void recordRunFinished_startedRun_readsBackWithOutcome() {
        // given
        store.recordRunStarted(ID, "h", T0, 1);
        var finished = T0.plus(Duration.ofMinutes(3));

        // when
        store.recordRunFinished(ID, finished, RunOutcome.PARTIAL, 6, "target nas: connection refused", 123_456);

        // then
        assertThat(store.run(ID)).contains(new RunRecord(ID, "h", T0, finished, 1, RunOutcome.PARTIAL, 6,
                "target nas: connection refused", 123_456L, null));
    }

    @Test
    void recordRunFinished_unknownRun_failsNamingIt() {
        assertThatThrownBy(() -> store.recordRunFinished(ID, T0, RunOutcome.SUCCESS, 0, null, 1))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("run " + ID + " is not in history");
    }

    @Test
    void recordComponent_databaseAndFiles_readBackWithFactsAndTableRows() {
        // given
        store.recordRunStarted(ID, "h", T0, 1);
        ComponentEntry db = Fixtures.database("appdb", 1000, 10, 20, 30);
        ComponentEntry files = Fixtures.files("application", 5000);

        // when
        store.recordComponent(ID, files);
        store.recordComponent(ID, db);

        // then components come back by name, equal to what was recorded
        var components = store.components(ID);
        assertThat(components).extracting(ComponentRecord::name).containsExactly("appdb", "application");
        assertThat(components.get(0).toEntry()).isEqualTo(db);
        assertThat(components.get(0).tableRows()).isEqualTo(Map.of("table_0", 10L, "table_1", 20L, "table_2", 30L));
        assertThat(components.get(1).toEntry()).isEqualTo(files);
        assertThat(components.get(1).tableRows()).isEmpty();
    }

    @Test
    void recordComponent_increment_readsBackWithItsPlaceInTheChain() {
        // given a full and an increment of one files source
        store.recordRunStarted(ID, "h", T0, 1);
        ComponentEntry full = Fixtures.files("application", 5000).withIncrement(ComponentIncrement.full("20251101T020000Z"));
        ComponentEntry increment = Fixtures.files("www", 70).withIncrement(
                ComponentIncrement.full("20251101T020000Z").next("20251103T020000Z").next("20251104T020000Z"));

        // when
        store.recordComponent(ID, full);
        store.recordComponent(ID, increment);

        // then
        var components = store.components(ID);
        assertThat(components.get(0).toEntry()).isEqualTo(full);
        assertThat(components.get(1).incremental()).isEqualTo(new ComponentIncrement(2, "20251101T020000Z",
                "20251104T020000Z"));
        assertThat(components.get(1).toEntry()).isEqualTo(increment);
    }

    @Test
    void components_factsWithFieldsThisVersionDoesNotKnow_readBackWithoutThem() throws Exception {
        // given facts as a newer backstop may record them (the manifest's rule: unknown fields are ignored)
        store.recordRunStarted(ID, "h", T0, 1);
        ComponentEntry files = Fixtures.files("application", 5000);
        store.recordComponent(ID, files);
        try (var c = Fixtures.raw(dir.resolve("history.db")); var st = c.createStatement()) {
            st.executeUpdate("UPDATE components SET facts_json = json_insert(facts_json, '$.incremental_level', 1)");
        }

        // when, then
        assertThat(store.components(ID)).singleElement().satisfies(c -> assertThat(c.toEntry()).isEqualTo(files));
    }

    @Test
    void recordComponent_sameNameAgain_replacesItAndItsTableRows() {
        // given
        store.recordRunStarted(ID, "h", T0, 1);
        store.recordComponent(ID, Fixtures.database("appdb", 1000, 10, 20, 30));

        // when
        store.recordComponent(ID, Fixtures.database("appdb", 2000, 7));

        // then
        assertThat(store.components(ID)).singleElement().satisfies(c -> {
            assertThat(c.bytes()).isEqualTo(2000);
            assertThat(c.tableRows()).isEqualTo(Map.of("table_0", 7L));
        });
    }

    @Test
    void recordComponent_unknownRun_isRefused() {
        assertThatThrownBy(() -> store.recordComponent(ID, Fixtures.files("application", 1)))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("component application of run " + ID)
                .hasMessageContaining("not in history");
        assertThat(store.components(ID)).isEmpty();
    }

    @Test
    void recordTargetCommit_eachOutcome_readsBackByTarget() {
        // given
        store.recordRunStarted(ID, "h", T0, 1);
        var local = TargetCommitRecord.committed("local", "h/2025/11/04/" + ID, "read-back", 6000, T0.plusSeconds(10));
        var nas = TargetCommitRecord.failed("nas", "upload: connection reset", T0.plusSeconds(20));
        var s3 = TargetCommitRecord.skipped("s3", "preflight: host unreachable", T0.plusSeconds(1));

        // when
        store.recordTargetCommit(ID, s3);
        store.recordTargetCommit(ID, nas);
        store.recordTargetCommit(ID, local);

        // then
        assertThat(store.commits(ID)).containsExactly(local, nas, s3);
    }

    @Test
    void recordTargetCommit_sameTargetAgain_replacesTheFirst() {
        store.recordRunStarted(ID, "h", T0, 1);
        store.recordTargetCommit(ID, TargetCommitRecord.failed("nas", "timeout", T0));
        var retried = TargetCommitRecord.committed("nas", "p", "remote-hash", 5, T0.plusSeconds(60));

        store.recordTargetCommit(ID, retried);

        assertThat(store.commits(ID)).containsExactly(retried);
    }

    @Test
    void committedIds_mixedOutcomesAndRemovals_listsOnlyKeptCommitsOnThatTarget() {
        // given three runs: committed on local; committed then pruned; failed on local
        String a = "20251101T020000Z";
        String b = "20251102T020000Z";
        String c = "20251103T020000Z";
        for (String id : new String[] {a, b, c}) {
            store.recordRunStarted(id, "h", T0, 1);
            store.recordTargetCommit(id, TargetCommitRecord.committed("nas", "p/" + id, "read-back", 1, T0));
        }
        store.recordTargetCommit(a, TargetCommitRecord.committed("local", "p/" + a, "read-back", 1, T0));
        store.recordTargetCommit(b, TargetCommitRecord.committed("local", "p/" + b, "read-back", 1, T0));
        store.recordTargetCommit(c, TargetCommitRecord.failed("local", "disk full", T0));

        // when
        boolean removed = store.recordTargetRemoved(b, "local", T0.plusSeconds(3600));

        // then
        assertThat(removed).isTrue();
        assertThat(store.recordTargetRemoved(c, "local", T0)).isFalse();
        assertThat(store.committedIds("local")).containsExactly(a);
        assertThat(store.committedIds("nas")).containsExactly(a, b, c);
        assertThat(store.committedIds("s3")).isEmpty();
        assertThat(store.commits(b)).filteredOn(r -> r.target().equals("local"))
                .singleElement().extracting(TargetCommitRecord::removedAt).isEqualTo(T0.plusSeconds(3600));
        assertThat(store.removedIds("local")).containsExactly(b);
        assertThat(store.removedIds("nas")).isEmpty();
    }

    @Test
    void recordTargetRemovalFailed_removedSet_isExpectedOnTheTargetAgain() {
        // given a committed set whose removal retention recorded before deleting it
        store.recordRunStarted(ID, "h", T0, 1);
        store.recordTargetCommit(ID, TargetCommitRecord.committed("local", "p", "read-back", 1, T0));
        store.recordTargetRemoved(ID, "local", T0.plusSeconds(60));

        // when the deletion failed
        boolean withdrawn = store.recordTargetRemovalFailed(ID, "local");

        // then
        assertThat(withdrawn).isTrue();
        assertThat(store.committedIds("local")).containsExactly(ID);
        assertThat(store.removedIds("local")).isEmpty();
        assertThat(store.recordTargetRemovalFailed(ID, "nas")).isFalse();
    }

    @Test
    void runningIds_runningAndFinishedRuns_listsTheRunningOnes() {
        store.recordRunStarted("20251101T020000Z", "h", T0, 1);
        store.recordRunFinished("20251101T020000Z", T0, RunOutcome.SUCCESS, 0, null, 10);
        store.recordRunStarted("20251102T020000Z", "h", T0.plusSeconds(86_400), 2);

        assertThat(store.runningIds()).containsExactly("20251102T020000Z");
    }

    @Test
    void abortStaleRuns_runningAndFinishedRuns_abortsOnlyTheRunningOnes() {
        // given one finished and two still running
        store.recordRunStarted("20251101T020000Z", "h", T0, 1);
        store.recordRunFinished("20251101T020000Z", T0, RunOutcome.SUCCESS, 0, null, 10);
        store.recordRunStarted("20251102T020000Z", "h", T0.plusSeconds(86_400), 2);
        store.recordRunStarted("20251103T020000Z", "h", T0.plusSeconds(2 * 86_400), 3);

        // when
        var aborted = store.abortStaleRuns("process gone; found by run 20251104T020000Z");

        // then
        assertThat(aborted).containsExactly("20251102T020000Z", "20251103T020000Z");
        assertThat(store.run("20251103T020000Z").orElseThrow()).satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(RunOutcome.ABORTED);
            assertThat(r.reason()).isEqualTo("process gone; found by run 20251104T020000Z");
            assertThat(r.finishedAt()).isNull();
        });
        assertThat(store.run("20251101T020000Z").orElseThrow().outcome()).isEqualTo(RunOutcome.SUCCESS);
        assertThat(store.abortStaleRuns("again")).isEmpty();
    }

    @Test
    void abortStaleRuns_runLeftRunningByAClosedConnection_becomesAborted() {
        // given a run recorded, then its process's connection closed without a finish
        store.recordRunStarted(ID, "h", T0, 1);
        store.recordComponent(ID, Fixtures.files("application", 10));
        store.close();

        // when a later process opens the history
        store = HistoryStore.open(dir.resolve("history.db"));

        // then the run is still running until the lock holder aborts it
        assertThat(store.run(ID).orElseThrow().outcome()).isEqualTo(RunOutcome.RUNNING);
        assertThat(store.abortStaleRuns("process gone")).containsExactly(ID);
        assertThat(store.run(ID).orElseThrow().outcome()).isEqualTo(RunOutcome.ABORTED);
        assertThat(store.components(ID)).hasSize(1);
    }
}
