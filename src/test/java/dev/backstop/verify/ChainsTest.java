package dev.backstop.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.BackupSets.BackupSet;
import dev.backstop.core.BackupId;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ComponentIncrement;
import dev.backstop.core.Manifest;
import dev.backstop.core.SourceFacts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Following the previous links of a chain through a target's listing, and where a chain breaks. */
class ChainsTest {

    private static final String FULL = "20251101T020001Z";
    private static final String FIRST = "20251102T020001Z";
    private static final String SECOND = "20251103T020001Z";

    private static ComponentEntry app(ComponentIncrement increment) {
        return new ComponentEntry("app", "files", "app.tar.gz", "gzip", 10, 30, "0".repeat(64), 1,
                SourceFacts.files(3, 4, List.of(), List.of())).withIncrement(increment);
    }

    private static BackupSet set(String id, ComponentEntry... components) {
        Manifest m = new Manifest(Manifest.FORMAT_VERSION, id, "h", "test", BackupId.parse(id).time(),
                BackupId.parse(id).time(), List.of(components), List.of());
        return new BackupSet(BackupId.parse(id), "h/" + id, m, null);
    }

    private final ComponentIncrement full = ComponentIncrement.full(FULL);
    private final ComponentIncrement first = full.next(FULL);
    private final ComponentIncrement second = first.next(FIRST);

    private Chains.Chain chainOfSecond(BackupSet... earlier) {
        List<BackupSet> listing = new ArrayList<>(List.of(earlier));
        BackupSet newest = set(SECOND, app(second));
        listing.add(newest);
        return Chains.of(listing, newest, newest.manifest().components().get(0));
    }

    @Test
    void of_everySetThere_oldestFirst() {
        Chains.Chain chain = chainOfSecond(set(FULL, app(full)), set(FIRST, app(first)));

        assertThat(chain.complete()).isTrue();
        assertThat(chain.ids()).containsExactly(FULL, FIRST, SECOND);
    }

    @Test
    void of_componentThatRestoresAlone_aChainOfOne() {
        BackupSet plain = set(FULL, app(null));

        Chains.Chain chain = Chains.of(List.of(plain), plain, plain.manifest().components().get(0));

        assertThat(chain.complete()).isTrue();
        assertThat(chain.ids()).containsExactly(FULL);
    }

    @Test
    void of_middleSetMissing_namesIt() {
        Chains.Chain chain = chainOfSecond(set(FULL, app(full)));

        assertThat(chain.complete()).isFalse();
        assertThat(chain.missing()).isEqualTo(FIRST);
        assertThat(chain.problem()).isEqualTo("backup " + FIRST + ", level 1 of the chain of the full " + FULL
                + " on which " + SECOND + " builds, is not there");
    }

    @Test
    void of_fullMissing_namesIt() {
        Chains.Chain chain = chainOfSecond(set(FIRST, app(first)));

        assertThat(chain.missing()).isEqualTo(FULL);
        assertThat(chain.ids()).containsExactly(FIRST, SECOND);
    }

    @Test
    void of_earlierSetUnusable_saysWhy() {
        BackupSet incomplete = new BackupSet(BackupId.parse(FIRST), "h/" + FIRST, null, "MANIFEST.json is missing");
        BackupSet otherComponent = set(FIRST, new ComponentEntry("db", "command", "db.out.gz", "gzip", 1, 1,
                "0".repeat(64), 1, SourceFacts.none()));
        BackupSet otherChain = set(FIRST, app(ComponentIncrement.full("20251031T020001Z").next("20251031T020001Z")));
        BackupSet plain = set(FIRST, app(null));

        assertThat(chainOfSecond(set(FULL, app(full)), incomplete).problem())
                .endsWith("is incomplete (MANIFEST.json is missing)");
        assertThat(chainOfSecond(set(FULL, app(full)), otherComponent).problem()).endsWith("holds no component app");
        assertThat(chainOfSecond(set(FULL, app(full)), otherChain).problem())
                .endsWith("holds app.tar.gz as level 1 of the chain of the full 20251031T020001Z");
        assertThat(chainOfSecond(set(FULL, app(full)), plain).problem())
                .endsWith("holds app.tar.gz as a plain archive, not as part of a chain");
    }
}
