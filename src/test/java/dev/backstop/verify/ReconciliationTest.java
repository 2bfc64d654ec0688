package dev.backstop.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.BackupSets.BackupSet;
import dev.backstop.core.BackupId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation of a listing taken at a moment T with what history recorded before T
 * ({@code before}) and after the checks ({@code after}): runs commit and prunes remove meanwhile.
 */
class ReconciliationTest {

    static final String NOV3 = "20251103T020001Z";
    static final String NOV4 = "20251104T020001Z";
    static final String NOV5 = "20251105T020001Z";

    private static BackupSet complete(String id) {
        return new BackupSet(BackupId.parse(id), "h/x/" + id, SetChecksTest.manifest(), null);
    }

    private static RecordedSets kept(String... ids) {
        return new RecordedSets(Set.of(), Set.of(ids), Set.of());
    }

    private static Reconciliation.Observation seen(RecordedSets before, List<BackupSet> listed, RecordedSets after) {
        return new Reconciliation.Observation(before, listed, List.of(), Map.of(), after);
    }

    /** Reconciles as the verifier does: the sets to read again are read from {@code now}. */
    private static List<Finding> reconcile(Reconciliation.Observation seen, Map<String, BackupSet> now) {
        Map<String, BackupSet> relisted = new java.util.HashMap<>();
        for (String id : Reconciliation.toRelist(seen)) {
            if (now.containsKey(id)) {
                relisted.put(id, now.get(id));
            }
        }
        return Reconciliation.reconcile("nas", "h", seen, relisted);
    }

    @Test
    void reconcile_historyKnowsASetTheTargetLacks_isCritical() {
        // given history says two backups are on the NAS, the NAS holds one (the 2025-11-04 incident)
        var seen = seen(kept(NOV3, NOV4), List.of(complete(NOV3)), kept(NOV3, NOV4));

        // when it is not there when read again either
        List<Finding> findings = reconcile(seen, Map.of());

        // then
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.backupId()).isEqualTo(NOV4);
            assertThat(f.problem()).contains("history records this backup as committed").contains("does not hold it");
        });
    }

    @Test
    void reconcile_knownSetNowIncomplete_isCritical() {
        BackupSet broken = new BackupSet(BackupId.parse(NOV4), "p", null, "MANIFEST.json is missing");

        List<Finding> findings = reconcile(seen(kept(NOV4), List.of(broken), kept(NOV4)), Map.of(NOV4, broken));

        assertThat(findings).extracting(Finding::severity).containsExactly(Severity.CRITICAL);
        assertThat(findings.get(0).problem()).contains("no longer complete (MANIFEST.json is missing)");
    }

    @Test
    void reconcile_knownSetOfANewerFormat_isThereNotMissingNorIncomplete() {
        // given history records a set that a newer backstop wrote (a rollback after an upgrade)
        String id = SetChecksTest.ID.toString();
        List<Finding> findings = reconcile(seen(kept(id), List.of(SetChecksTest.newer(null)), kept(id)), Map.of());

        assertThat(findings).isEmpty();
    }

    @Test
    void reconcile_partialsAndUnrecordedSets_areWarningsOnly() {
        var seen = new Reconciliation.Observation(kept(), List.of(complete(NOV4)), List.of(NOV5), Map.of(), kept());

        List<Finding> findings = reconcile(seen, Map.of());

        assertThat(findings).extracting(Finding::severity).containsExactly(Severity.WARNING, Severity.WARNING);
        assertThat(findings.get(1).problem()).contains("orphaned partial set h/.partial/" + NOV5);
        assertThat(findings).noneMatch(f -> f.severity().failing());
    }

    @Test
    void reconcile_setCommittedAfterTheListingWasTaken_isNotExpectedInIt() {
        // given the listing at T holds Nov 4; a run committed Nov 5 after T, so history records it by the end
        var seen = seen(kept(NOV4), List.of(complete(NOV4)), kept(NOV4, NOV5));

        // when
        List<Finding> findings = reconcile(seen, Map.of(NOV5, complete(NOV5)));

        // then nothing is lost: Nov 5 is checked by the next verify
        assertThat(Reconciliation.toRelist(seen)).isEmpty();
        assertThat(findings).isEmpty();
    }

    @Test
    void reconcile_recordedBeforeTheListingButMissingFromIt_isReadAgainBeforeItIsCalledLost() {
        // given history recorded Nov 5 before T, yet the listing (an eventually consistent store) lacks it
        var seen = seen(kept(NOV4, NOV5), List.of(complete(NOV4)), kept(NOV4, NOV5));

        // when it is there when read at its place
        List<Finding> findings = reconcile(seen, Map.of(NOV5, complete(NOV5)));

        // then
        assertThat(Reconciliation.toRelist(seen)).containsExactly(NOV5);
        assertThat(findings).isEmpty();
    }

    @Test
    void reconcile_setPrunedBetweenListingAndCheck_isNotJudgedNorLost() {
        // given the listing at T holds Nov 3 and Nov 4; retention then removes Nov 3 (recorded before deleting),
        // so its own checks found its files gone
        List<Finding> vanished = List.of(Finding.error("nas", NOV3, "appdb.sql.gz", "component appdb is missing"));
        var seen = new Reconciliation.Observation(kept(NOV3, NOV4), List.of(complete(NOV3), complete(NOV4)), List.of(),
                Map.of(NOV3, vanished, NOV4, List.of()), new RecordedSets(Set.of(), Set.of(NOV4), Set.of(NOV3)));

        // when it is gone when read again
        List<Finding> findings = reconcile(seen, Map.of());

        // then
        assertThat(findings).isEmpty();
    }

    @Test
    void reconcile_setPrunedBeforeTheListing_isNotExpected() {
        // given retention removed Nov 3 before T: history recorded it removed, the listing lacks it
        RecordedSets history = new RecordedSets(Set.of(), Set.of(NOV4), Set.of(NOV3));

        List<Finding> findings = reconcile(seen(history, List.of(complete(NOV4)), history), Map.of());

        assertThat(findings).isEmpty();
    }

    @Test
    void reconcile_setStillThereThatRetentionRemoved_isAWarningNotAFailure() {
        // given retention recorded the removal of Nov 3 but the set is still there (in progress, or cut short)
        var seen = seen(kept(NOV3, NOV4), List.of(complete(NOV3), complete(NOV4)),
                new RecordedSets(Set.of(), Set.of(NOV4), Set.of(NOV3)));

        List<Finding> findings = reconcile(seen, Map.of(NOV3, complete(NOV3)));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.backupId()).isEqualTo(NOV3);
            assertThat(f.problem()).contains("removed by retention, but the target still holds it");
        });
    }

    @Test
    void reconcile_setAndPartialOfARunStillRunning_areNotOrphans() {
        // given a run in flight: its set is renamed into place on this target, history has not recorded
        // the commit yet, and another run's partial set is still being written
        RecordedSets before = new RecordedSets(Set.of(NOV5), Set.of(NOV4), Set.of());
        RecordedSets after = new RecordedSets(Set.of(NOV5), Set.of(NOV4), Set.of());
        var seen = new Reconciliation.Observation(before, List.of(complete(NOV4), complete(NOV5)), List.of(NOV5),
                Map.of(), after);

        List<Finding> findings = reconcile(seen, Map.of());

        assertThat(findings).isEmpty();
    }

    @Test
    void reconcile_setChecksOfAKeptSet_areKept() {
        // given a set whose own checks found a corrupt file
        Finding corrupt = Finding.error("nas", NOV4, "appdb.sql.gz", "the stored file is corrupt");
        var seen = new Reconciliation.Observation(kept(NOV4), List.of(complete(NOV4)), List.of(),
                Map.of(NOV4, List.of(corrupt)), kept(NOV4));

        assertThat(reconcile(seen, Map.of())).containsExactly(corrupt);
    }
}
