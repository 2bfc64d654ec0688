package dev.backstop.core;

/**
 * Where a files component stands in its chain of incremental archives, as the manifest records
 * it. The stored archive is in GNU tar's listed-incremental format: restoring the set means
 * extracting, oldest first, every set from {@code base} to this one with
 * {@code tar -x -g /dev/null}.
 *
 * @param level    0 for a full archive, n for the n-th increment after it
 * @param base     id of the full (level 0) set of the chain; this set's own id when level is 0
 * @param previous id of the set this archive holds the changes since; null when level is 0
 */
public record ComponentIncrement(int level, String base, String previous) {

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

    public boolean isFull() {
        return level == 0;
    }

    /** {@code full}, or {@code +3 of 20251101T020001Z} for the third increment after that full. */
    public String describe() {
        return isFull() ? "full" : "+" + level + " of " + base;
    }
}
