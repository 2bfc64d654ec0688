package dev.backstop.retention;

import java.time.Instant;
import java.util.List;

/**
 * A backup as retention sees it.
 *
 * @param id       backup id
 * @param time     when it was made
 * @param verified true when history records it as committed and verified on this target
 * @param previous ids of the sets whose changes its incremental archives hold (the {@code previous}
 *                 of each increment in its manifest); empty for a set that restores on its own
 * @param bases    ids of the full sets that start the chains of its incremental archives; empty
 *                 for a set that restores on its own
 */
public record Backup(String id, Instant time, boolean verified, List<String> previous, List<String> bases) {

    public Backup {
        previous = List.copyOf(previous);
        bases = List.copyOf(bases);
    }

    /** A backup that needs no other set to be restored. */
    public Backup(String id, Instant time, boolean verified) {
        this(id, time, verified, List.of(), List.of());
    }
}
