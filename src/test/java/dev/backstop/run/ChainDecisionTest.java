package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.IncrementalConfig;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ComponentIncrement;
import dev.backstop.core.SourceFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainDecisionTest {

    static final String FULL = "20261201T020000Z";
    static final String PREVIOUS = "20261203T020000Z";
    static final String NOW_ID = "20261204T020000Z";
    static final Instant NOW = Instant.parse("2026-12-04T02:00:00Z");
    static final IncrementalConfig CONFIG = new IncrementalConfig(Duration.ofDays(7), 21, true);
    static final ChainState STATE = new ChainState("web1", "www", PREVIOUS, 2, FULL, "paths [/srv]", "ab");

    @Test
    void decide_stateMatchesEveryTarget_nextIncrementOfTheChain() {
        ChainDecision d = decide(facts(false, STATE, null, List.of(holding("local", PREVIOUS, 2), holding("nas", PREVIOUS, 2))));

        assertThat(d.full()).isFalse();
        assertThat(d.increment()).isEqualTo(new ComponentIncrement(3, FULL, PREVIOUS));
        assertThat(d.describe()).isEqualTo("increment level 3 of " + FULL + " (changes since " + PREVIOUS + ")");
    }

    @Test
    void decide_fullRequested_full() {
        assertFull(facts(true, STATE, null, List.of(holding("local", PREVIOUS, 2))), "run --full");
    }

    @Test
    void decide_noState_full() {
        assertFull(facts(false, null, null, List.of(holding("local", PREVIOUS, 2))), "no snapshot state");
    }

    @Test
    void decide_unreadableState_fullNamingTheProblem() {
        assertFull(facts(false, null, "/var/lib/backstop/incremental/web1/www.snapshot is missing", List.of()),
                "www.snapshot is missing");
    }

    @Test
    void decide_stateOfAnotherHost_full() {
        ChainState other = new ChainState("web2", "www", PREVIOUS, 2, FULL, "paths [/srv]", "ab");
        assertFull(facts(false, other, null, List.of(holding("local", PREVIOUS, 2))), "belongs to host web2");
    }

    @Test
    void decide_pathsChanged_full() {
        ChainState other = new ChainState("web1", "www", PREVIOUS, 2, FULL, "paths [/old]", "ab");
        assertFull(facts(false, other, null, List.of(holding("local", PREVIOUS, 2))), "configuration of the source changed");
    }

    @Test
    void decide_maxChainReached_full() {
        ChainState longChain = new ChainState("web1", "www", PREVIOUS, 21, FULL, "paths [/srv]", "ab");
        assertFull(facts(false, longChain, null, List.of(holding("local", PREVIOUS, 21))), "max_chain 21");
    }

    @Test
    void decide_fullEveryDue_fullButOneSecondEarlierAnIncrement() {
        IncrementalConfig everyThreeDays = new IncrementalConfig(Duration.ofDays(3), 21, true);
        ChainDecision.Facts due = facts(false, STATE, null, List.of(holding("local", PREVIOUS, 2)));
        ChainDecision.Facts early = new ChainDecision.Facts(false, STATE, null, "web1", "paths [/srv]",
                NOW.minusSeconds(1), due.targets());

        assertThat(ChainDecision.decide(NOW_ID, "www", everyThreeDays, due).fullReason()).contains("full_every 72h00m is due");
        assertThat(ChainDecision.decide(NOW_ID, "www", everyThreeDays, early).full()).isFalse();
    }

    @Test
    void decide_oneTargetLacksThePreviousSet_full() {
        assertFull(facts(false, STATE, null, List.of(holding("local", PREVIOUS, 2), holding("nas", FULL, 0))),
                "newest set on target nas is " + FULL + ", not " + PREVIOUS);
        assertFull(facts(false, STATE, null, List.of(holding("local", PREVIOUS, 2),
                new ChainDecision.NewestSet("nas", null, null, null))), "target nas holds no set");
    }

    @Test
    void decide_aTargetHoldsANewerSet_full() {
        // a run committed a set but was killed before it advanced the snapshot state
        assertFull(facts(false, STATE, null, List.of(holding("local", NOW_ID, 3))), "is " + NOW_ID + ", not " + PREVIOUS);
    }

    @Test
    void decide_targetSetHoldsAnotherChain_full() {
        assertFull(facts(false, STATE, null, List.of(holding("local", PREVIOUS, 0))), "does not hold source www at level 2");
        ComponentEntry whole = entry(null);
        assertFull(facts(false, STATE, null, List.of(new ChainDecision.NewestSet("local", PREVIOUS, whole, null))),
                "does not hold source www");
    }

    @Test
    void decide_targetCouldNotBeListed_full() {
        assertFull(facts(false, STATE, null, List.of(new ChainDecision.NewestSet("nas", null, null, "connection refused"))),
                "target nas could not be listed: connection refused");
    }

    @Test
    void expected_readsNoTarget_theFullThatTheRunOrStateDecidesElseTheIncrementTheStateContinues() {
        List<ChainDecision.NewestSet> matching = List.of(holding("local", PREVIOUS, 2));
        List<ChainDecision.Facts> decidedByState = List.of(
                facts(true, STATE, null, matching),
                facts(false, null, null, matching),
                facts(false, null, "www.snapshot is missing", List.of()),
                facts(false, new ChainState("web2", "www", PREVIOUS, 2, FULL, "paths [/srv]", "ab"), null, matching),
                facts(false, new ChainState("web1", "www", PREVIOUS, 21, FULL, "paths [/srv]", "ab"), null, matching),
                facts(false, STATE, null, matching)); // an increment
        for (ChainDecision.Facts f : decidedByState) {
            assertThat(ChainDecision.expected(NOW_ID, "www", CONFIG, f)).as("%s", f).isEqualTo(decide(f));
        }
        List<ChainDecision.Facts> decidedByTargets = List.of(
                facts(false, STATE, null, List.of()),
                facts(false, STATE, null, List.of(holding("local", PREVIOUS, 2), holding("nas", FULL, 0))),
                facts(false, STATE, null, List.of(holding("local", NOW_ID, 3))),
                facts(false, STATE, null, List.of(new ChainDecision.NewestSet("nas", null, null, "connection refused"))));
        for (ChainDecision.Facts f : decidedByTargets) {
            assertThat(decide(f).full()).isTrue();
            ChainDecision expected = ChainDecision.expected(NOW_ID, "www", CONFIG, f);
            assertThat(expected.full()).isFalse();
            assertThat(expected.increment()).isEqualTo(new ComponentIncrement(3, FULL, PREVIOUS));
        }
    }

    private static void assertFull(ChainDecision.Facts facts, String reason) {
        ChainDecision d = decide(facts);
        assertThat(d.full()).isTrue();
        assertThat(d.increment()).isEqualTo(ComponentIncrement.full(NOW_ID));
        assertThat(d.fullReason()).contains(reason);
        assertThat(d.describe()).startsWith("full (level 0): ");
    }

    private static ChainDecision decide(ChainDecision.Facts facts) {
        return ChainDecision.decide(NOW_ID, "www", CONFIG, facts);
    }

    private static ChainDecision.Facts facts(boolean full, ChainState state, String problem,
                                             List<ChainDecision.NewestSet> targets) {
        return new ChainDecision.Facts(full, state, problem, "web1", "paths [/srv]", NOW, targets);
    }

    private static ChainDecision.NewestSet holding(String target, String id, int level) {
        ComponentIncrement inc = level == 0 ? ComponentIncrement.full(FULL) : new ComponentIncrement(level, FULL, "x");
        return new ChainDecision.NewestSet(target, id, entry(inc), null);
    }

    private static ComponentEntry entry(ComponentIncrement inc) {
        return new ComponentEntry("www", "files", "www.tar.gz", "gzip", 10, 20, "00", 1,
                SourceFacts.files(1, 1, 1, List.of(), List.of()), null, inc);
    }
}
