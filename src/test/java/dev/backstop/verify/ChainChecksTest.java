package dev.backstop.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.BackupSets.BackupSet;
import dev.backstop.core.BackupId;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ComponentIncrement;
import dev.backstop.core.Manifest;
import dev.backstop.core.SourceFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChainChecksTest {

    private static final String F = "20251101T030000Z";
    private static final String I1 = "20251102T030000Z";
    private static final String I2 = "20251103T030000Z";
    private static final String I3 = "20251104T030000Z";

    /** A set with a database dump and a files component at {@code increment} (null: stored whole). */
    private static BackupSet set(String id, ComponentIncrement increment) {
        List<ComponentEntry> components = new ArrayList<>();
        components.add(new ComponentEntry("appdb", "mysql", "appdb.sql.gz", "gzip", 100, 300, "a".repeat(64), 1,
                SourceFacts.none()));
        components.add(new ComponentEntry("www", "files", "www.tar.gz", "gzip", 200, 900, "b".repeat(64), 1,
                SourceFacts.files(10, 900, List.of(), List.of()), null, increment));
        BackupId bid = BackupId.parse(id);
        return new BackupSet(bid, "h/" + id, new Manifest(1, id, "h", "1", Instant.EPOCH, Instant.EPOCH, components, null),
                null);
    }

    private static List<BackupSet> chain() {
        ComponentIncrement full = ComponentIncrement.full(F);
        return new ArrayList<>(List.of(set(F, full), set(I1, full.next(F)), set(I2, full.next(F).next(I1)),
                set(I3, full.next(F).next(I1).next(I2))));
    }

    @Test
    void check_wholeChain_findsNothing() {
        assertThat(ChainChecks.check("local", chain())).isEmpty();
    }

    @Test
    void check_gapInTheChain_isCriticalForEverySetAboveItNamingTheMissingSet() {
        // given the first increment is gone
        List<BackupSet> sets = chain();
        sets.remove(1);

        // when
        Map<String, List<Finding>> findings = ChainChecks.check("local", sets);

        // then both later increments cannot be restored, and each finding names the missing set
        assertThat(findings).containsOnlyKeys(I2, I3);
        assertThat(findings.get(I2)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.file()).isEqualTo("www.tar.gz");
            assertThat(f.problem()).contains("increment 2 of the chain based on full " + F)
                    .contains("set " + I2 + " needs set " + I1 + ", which this target does not hold");
        });
        assertThat(findings.get(I3)).singleElement().extracting(Finding::problem).asString()
                .contains("set " + I2 + " needs set " + I1 + ", which this target does not hold");
    }

    @Test
    void check_missingFull_isCriticalNamingTheFull() {
        // given the full is gone
        List<BackupSet> sets = chain();
        sets.remove(0);

        // when
        Map<String, List<Finding>> findings = ChainChecks.check("local", sets);

        // then
        assertThat(findings).containsOnlyKeys(I1, I2, I3);
        assertThat(findings.get(I1)).singleElement().extracting(Finding::problem).asString()
                .contains("set " + I1 + " needs set " + F + " (the full), which this target does not hold");
    }

    @Test
    void check_previousIncompleteOrOfAnotherChain_isCritical() {
        // given the second set lost its manifest, and the last names a base that is not its chain's
        List<BackupSet> sets = chain();
        sets.set(1, new BackupSet(BackupId.parse(I1), "h/" + I1, null, "MANIFEST.json is missing: incomplete set"));
        sets.set(3, set(I3, new ComponentIncrement(3, I1, I2)));

        // when
        Map<String, List<Finding>> findings = ChainChecks.check("local", sets);

        // then
        assertThat(findings.get(I2)).singleElement().extracting(Finding::problem).asString()
                .contains("needs set " + I1 + ", which is incomplete (MANIFEST.json is missing");
        assertThat(findings.get(I3)).singleElement().extracting(Finding::problem).asString()
                .contains("needs set " + I2 + ", whose component www is level 2 of the chain based on " + F
                        + ", not level 2 of the chain based on " + I1);
    }

    @Test
    void check_previousWithoutTheComponent_isCritical() {
        // given the set before the increment has no www component
        List<BackupSet> sets = chain();
        BackupSet full = sets.get(0);
        sets.set(0, new BackupSet(full.id(), full.path(), new Manifest(1, F, "h", "1", Instant.EPOCH, Instant.EPOCH,
                full.manifest().components().subList(0, 1), null), null));

        // then
        assertThat(ChainChecks.check("local", sets).get(I1)).singleElement().extracting(Finding::problem).asString()
                .contains("needs set " + F + " (the full), which holds no component www");
    }
}
