package dev.backstop.verify;

import dev.backstop.commit.BackupSets.BackupSet;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ComponentIncrement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sets a restore of an incremental archive needs: from the set asked for, each archive's
 * {@code previous} back to the full (level 0) of its chain, all on one target. A pure function of
 * the target's listing.
 */
final class Chains {

    private Chains() {
    }

    /** One archive of a chain: the set that holds it, and its entry in that set's manifest. */
    record Link(BackupSet set, ComponentEntry component) {
        String id() {
            return set.id().toString();
        }
    }

    /**
     * The archives of one component's chain, oldest first, or where the chain breaks.
     *
     * @param links   oldest (the full) first, the set asked for last; when broken, the part that was found
     * @param missing the id of the set that is missing or unusable; null when the chain is complete
     * @param problem what is wrong with that set, naming it; null when the chain is complete
     */
    record Chain(List<Link> links, String missing, String problem) {

        Chain {
            links = List.copyOf(links);
        }

        boolean complete() {
            return missing == null;
        }

        /** The ids of its sets, oldest first. */
        List<String> ids() {
            return links.stream().map(Link::id).toList();
        }
    }

    /**
     * Follows component {@code c} of {@code set} back through the {@code previous} links of its
     * chain among {@code sets} (the target's listing). A component that restores alone is a chain
     * of one. Each earlier set must be complete, hold a component of the same name, and record it
     * one level lower in the chain of the same full.
     */
    static Chain of(List<BackupSet> sets, BackupSet set, ComponentEntry c) {
        Map<String, BackupSet> byId = new HashMap<>();
        for (BackupSet s : sets) {
            byId.put(s.id().toString(), s);
        }
        Deque<Link> links = new ArrayDeque<>();
        links.addFirst(new Link(set, c));
        ComponentEntry current = c;
        String currentId = set.id().toString();
        while (current.needsEarlierSets()) {
            ComponentIncrement increment = current.incremental();
            String previousId = increment.previous();
            BackupSet previous = byId.get(previousId);
            ComponentEntry earlier = previous == null || !previous.complete() ? null : previous.manifest().components()
                    .stream().filter(e -> e.name().equals(c.name())).findFirst().orElse(null);
            String why = previous == null ? "is not there"
                    : previous.newerFormat() ? "was written by a newer backstop"
                    : !previous.complete() ? "is incomplete (" + previous.problem() + ")"
                    : earlier == null ? "holds no component " + c.name()
                    : mismatch(earlier, previousId, increment);
            if (why != null) {
                return new Chain(List.copyOf(links), previousId, "backup " + previousId + ", level "
                        + (increment.level() - 1) + " of the chain of the full " + increment.base() + " on which "
                        + currentId + " builds, " + why);
            }
            links.addFirst(new Link(previous, earlier));
            current = earlier;
            currentId = previousId;
        }
        return new Chain(List.copyOf(links), null, null);
    }

    /** Why {@code earlier} (of set {@code id}) is not the archive that {@code next} builds on, or null when it is. */
    private static String mismatch(ComponentEntry earlier, String id, ComponentIncrement next) {
        ComponentIncrement found = earlier.incremental();
        if (found == null) {
            return "holds " + earlier.file() + " as a plain archive, not as part of a chain";
        }
        if (found.level() != next.level() - 1 || !found.base().equals(next.base()) || found.isFull() && !id.equals(found.base())) {
            return "holds " + earlier.file() + " as level " + found.level() + " of the chain of the full " + found.base();
        }
        return null;
    }
}
