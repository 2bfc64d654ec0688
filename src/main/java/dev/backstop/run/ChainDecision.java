package dev.backstop.run;

import dev.backstop.config.IncrementalConfig;
import dev.backstop.core.BackupId;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ComponentIncrement;
import dev.backstop.core.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Whether a source with {@code incremental:} stores a full archive or the next increment of its
 * chain. A pure function: the run gathers the snapshot state and what each target holds. An
 * increment needs every one of these; anything else makes a full, with the reason:
 * <ul>
 *   <li>no {@code --full} on the command line;</li>
 *   <li>a snapshot state, readable, of this host, for the same paths and excludes;</li>
 *   <li>fewer than {@code max_chain} increments since the full, and the full younger than
 *       {@code full_every};</li>
 *   <li>on every target of this run, the newest set of the host is the one the snapshot state
 *       was taken for, and it holds this source at the level and base the state records: all
 *       targets of a run get the same set, so a target that missed one gets a full.</li>
 * </ul>
 *
 * @param increment  the component's place in its chain
 * @param fullReason why a full is made; null for an increment
 */
record ChainDecision(ComponentIncrement increment, String fullReason) {

    /**
     * The newest complete set of the host on one target, as far as this run sees it.
     *
     * @param target    the target's name
     * @param id        the newest set's id; null when the target holds none or could not be listed
     * @param component the source's component in that set; null when it has none
     * @param problem   why the target could not be listed; null when it could
     */
    record NewestSet(String target, String id, ComponentEntry component, String problem) {
    }

    /** What the run knows when it decides. */
    record Facts(boolean fullRequested, ChainState state, String stateProblem, String host, String chainKey,
                 Instant now, List<NewestSet> targets) {
    }

    static ChainDecision decide(String id, String source, IncrementalConfig config, Facts facts) {
        String why = reasonForFull(source, config, facts);
        return why == null ? increment(facts.state()) : new ChainDecision(ComponentIncrement.full(id), why);
    }

    /**
     * The decision of {@link #decide} when every target holds the set the snapshot state was taken
     * for, as it does but for a failed or interrupted run: it reads no target, so a dump can start
     * on it while the targets are still being reached. {@code facts.targets()} is not read. Where
     * it says full, so does {@code decide}; where it says increment, {@code decide} says the same
     * increment or full.
     */
    static ChainDecision expected(String id, String source, IncrementalConfig config, Facts facts) {
        String why = reasonInState(config, facts);
        return why == null ? increment(facts.state()) : new ChainDecision(ComponentIncrement.full(id), why);
    }

    private static ChainDecision increment(ChainState s) {
        return new ChainDecision(new ComponentIncrement(s.level() + 1, s.base(), s.set()), null);
    }

    /** True for a full archive. */
    boolean full() {
        return increment.isFull();
    }

    /** "full" with the reason, or "increment level N of BASE", for the run's log. */
    String describe() {
        return full() ? "full (level 0): " + fullReason
                : "increment level " + increment.level() + " of " + increment.base() + " (changes since "
                        + increment.previous() + ")";
    }

    private static String reasonForFull(String source, IncrementalConfig config, Facts facts) {
        String why = reasonInState(config, facts);
        return why != null ? why : reasonOnTargets(source, facts);
    }

    /** Why the run or the snapshot state alone makes a full; null when they allow an increment. */
    private static String reasonInState(IncrementalConfig config, Facts facts) {
        ChainState s = facts.state();
        if (facts.fullRequested()) {
            return "run --full";
        }
        if (facts.stateProblem() != null) {
            return "the snapshot state cannot be used: " + facts.stateProblem();
        }
        if (s == null) {
            return "no snapshot state (first run of this source, or the state directory was lost)";
        }
        if (!facts.host().equals(s.host())) {
            return "the snapshot state belongs to host " + s.host();
        }
        if (!s.chainKey().equals(facts.chainKey())) {
            return "the configuration of the source changed (" + facts.chainKey() + ")";
        }
        if (s.level() >= config.maxChain()) {
            return "the chain of " + s.base() + " holds max_chain " + config.maxChain() + " increments";
        }
        Duration age = Duration.between(BackupId.parse(s.base()).time(), facts.now());
        if (age.compareTo(config.fullEvery()) >= 0) {
            return "full_every " + Durations.human(config.fullEvery()) + " is due (the full " + s.base() + " is "
                    + Durations.human(age) + " old)";
        }
        return null;
    }

    /** Why what the targets hold makes a full; null when each holds the state's set, as the state records it. */
    private static String reasonOnTargets(String source, Facts facts) {
        ChainState s = facts.state();
        if (facts.targets().isEmpty()) {
            return "no target to continue the chain on";
        }
        for (NewestSet t : facts.targets()) {
            if (t.problem() != null) {
                return "target " + t.target() + " could not be listed: " + t.problem();
            }
            if (t.id() == null) {
                return "target " + t.target() + " holds no set of the chain (its previous set " + s.set() + " is missing)";
            }
            if (!t.id().equals(s.set())) {
                return "the newest set on target " + t.target() + " is " + t.id() + ", not " + s.set()
                        + " that the snapshot state was taken for";
            }
            ComponentIncrement stored = t.component() == null ? null : t.component().incremental();
            if (stored == null || stored.level() != s.level() || !stored.base().equals(s.base())) {
                return "set " + s.set() + " on target " + t.target() + " does not hold source " + source
                        + " at level " + s.level() + " of " + s.base();
            }
        }
        return null;
    }
}
