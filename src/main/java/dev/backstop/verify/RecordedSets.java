package dev.backstop.verify;

import java.util.Set;

/**
 * What history says about the backup sets of one target at one moment. {@link Verifier} reads it
 * twice, before it lists the target and after it checked the sets, so that {@link Reconciliation}
 * compares the listing with what history recorded before it was taken.
 *
 * @param running ids of runs that history records as still running: their sets may be on the
 *                target (or under {@code .partial}) before history records the commit
 * @param kept    ids that history records as committed on the target and not removed since
 * @param removed ids that history records as committed on the target and removed by retention
 *                since (recorded before retention deletes the set)
 */
public record RecordedSets(Set<String> running, Set<String> kept, Set<String> removed) {

    public RecordedSets {
        running = Set.copyOf(running);
        kept = Set.copyOf(kept);
        removed = Set.copyOf(removed);
    }
}
