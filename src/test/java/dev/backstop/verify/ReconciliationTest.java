package dev.backstop.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.BackupSets.BackupSet;
import dev.backstop.core.BackupId;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconciliationTest {

    private static BackupSet complete(String id) {
        return new BackupSet(BackupId.parse(id), "h/x/" + id, SetChecksTest.manifest(), null);
    }

    @Test
    void reconcile_historyKnowsASetTheTargetLacks_isCritical() {
        // given history says two backups are on the NAS, the NAS holds one (the 2025-11-04 incident)
        var committed = new LinkedHashSet<>(List.of("20251103T020001Z", "20251104T020001Z"));

        // when
        List<Finding> findings = Reconciliation.reconcile("nas", "h", List.of(complete("20251103T020001Z")), committed,
                List.of());

        // then
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.backupId()).isEqualTo("20251104T020001Z");
            assertThat(f.problem()).contains("history records this backup as committed").contains("does not hold it");
        });
    }

    @Test
    void reconcile_knownSetNowIncomplete_isCritical() {
        BackupSet broken = new BackupSet(BackupId.parse("20251104T020001Z"), "p", null, "MANIFEST.json is missing");

        List<Finding> findings = Reconciliation.reconcile("nas", "h", List.of(broken),
                new LinkedHashSet<>(List.of("20251104T020001Z")), List.of());

        assertThat(findings).extracting(Finding::severity).containsExactly(Severity.CRITICAL);
        assertThat(findings.get(0).problem()).contains("no longer complete (MANIFEST.json is missing)");
    }

    @Test
    void reconcile_knownSetOfANewerFormat_isThereNotMissingNorIncomplete() {
        // given history records a set that a newer backstop wrote (a rollback after an upgrade)
        List<Finding> findings = Reconciliation.reconcile("nas", "h", List.of(SetChecksTest.newer(null)),
                new LinkedHashSet<>(List.of(SetChecksTest.ID.toString())), List.of());

        assertThat(findings).isEmpty();
    }

    @Test
    void reconcile_partialsAndUnrecordedSets_areWarningsOnly() {
        List<Finding> findings = Reconciliation.reconcile("local", "h", List.of(complete("20251104T020001Z")),
                new LinkedHashSet<>(), List.of("20251105T020001Z"));

        assertThat(findings).extracting(Finding::severity).containsExactly(Severity.WARNING, Severity.WARNING);
        assertThat(findings.get(1).problem()).contains("orphaned partial set h/.partial/20251105T020001Z");
        assertThat(findings).noneMatch(f -> f.severity().failing());
    }
}
