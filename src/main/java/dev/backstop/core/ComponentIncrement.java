package dev.backstop.core;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Where a files component stands in its chain of incremental archives, as the manifest records
 * it. The stored archive is in GNU tar's listed-incremental format: restoring the set means
 * extracting, oldest first, every set from {@code base} to this one with
 * {@code tar -x -g /dev/null}.
 *
 * @param level    0 for a full archive, n for the n-th increment after it
 * @param base     id of the full (level 0) set of the chain; this set's own id when level is 0
 * @param previous id of the set this archive holds the changes since; null when level is 0
 * @param snapshot the copy of the snapshot state this archive was taken with, stored beside it in
 *                 the set; null when the set holds none
 */
public record ComponentIncrement(int level, String base, String previous, SnapshotFile snapshot) {

    /**
     * A file of the set that holds the snapshot state (docs/manifest.md), compressed and
     * encrypted as the component is, and listed in SHA256SUMS.
     *
     * @param file   its name in the set, e.g. {@code www.snapshot.gz}
     * @param bytes  its stored size
     * @param sha256 SHA-256 of the stored file, lower-case hex
     */
    public record SnapshotFile(String file, long bytes, String sha256) {
    }

    /** A place in a chain without a copy of the snapshot state. */
    public ComponentIncrement(int level, String base, String previous) {
        this(level, base, previous, null);
    }

    public ComponentIncrement {
        if (level < 0) {
            throw new IllegalArgumentException("level must not be negative: " + level);
        }
        if (base == null || base.isBlank()) {
            throw new IllegalArgumentException("an incremental archive needs the id of its full");
        }
        if (level > 0 && (previous == null || previous.isBlank())) {
            throw new IllegalArgumentException("an increment needs the id of its previous set");
        }
    }

    /** The full archive that starts a chain. */
    public static ComponentIncrement full(String id) {
        return new ComponentIncrement(0, id, null);
    }

    /** The archive that follows {@code previous} in its chain. */
    public ComponentIncrement next(String id) {
        return new ComponentIncrement(level + 1, base, id);
    }

    /** The same place in the chain, with the copy of the snapshot state stored beside the archive. */
    public ComponentIncrement withSnapshot(SnapshotFile file) {
        return new ComponentIncrement(level, base, previous, file);
    }

    @JsonIgnore // a reading of level, not a field of the manifest
    public boolean isFull() {
        return level == 0;
    }

    /** {@code full}, or {@code +3 of 20251101T020001Z} for the third increment after that full. */
    public String describe() {
        return isFull() ? "full" : "+" + level + " of " + base;
    }
}
