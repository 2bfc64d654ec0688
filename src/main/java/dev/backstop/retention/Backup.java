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
 * @param dumps    ids of the sets holding the dumps that its log positions build on (sources it
 *                 holds no dump of, {@code log_positions} in its manifest); empty when it has none
 */
public record Backup(String id, Instant time, boolean verified, List<String> previous, List<String> bases,
                     List<String> dumps) {

    public Backup {
        previous = List.copyOf(previous);
        bases = List.copyOf(bases);
        dumps = List.copyOf(dumps);
    }

    /** A backup that records no log position in place of a dump. */
    public Backup(String id, Instant time, boolean verified, List<String> previous, List<String> bases) {
        this(id, time, verified, previous, bases, List.of());
    }

    /** A backup that needs no other set to be restored. */
    public Backup(String id, Instant time, boolean verified) {
        this(id, time, verified, List.of(), List.of());
    }
}
