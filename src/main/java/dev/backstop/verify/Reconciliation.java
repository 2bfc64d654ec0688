package dev.backstop.verify;

import dev.backstop.commit.BackupSetLayout;
import dev.backstop.commit.BackupSets.BackupSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * History against the target: a backup that history records as committed on a target must be
 * there, complete. The audited script's backup of 2025-11-04 was reported stored and was not; that
 * case is CRITICAL. Partial sets are orphans. A set of a newer manifest format is there: {@link
 * SetChecks} reports it. A pure function.
 *
 * <p>Runs and prunes go on while verify reads, so history and the listing are compared as of one
 * moment: only a set that history recorded before the listing was taken must be in it (a run
 * renames its set into place before it records the commit), and a set missing from the listing
 * is read again at its place before it is called lost. A set that retention removes meanwhile is
 * not judged (retention records a removal before it deletes the set), and neither a set nor a
 * partial set of a run that is still running is an orphan.
 */
public final class Reconciliation {

    /**
     * What verify saw of one target, in the order it looked.
     *
     * @param before   history, read before the listing was taken
     * @param listed   the host's sets that the listing found
     * @param partials names of the entries below {@code <host>/.partial}
     * @param checked  each listed set's own findings ({@link SetChecks}, re-hashing), by id
     * @param after    history, read after the sets were checked
     */
    public record Observation(RecordedSets before, List<BackupSet> listed, List<String> partials,
                              Map<String, List<Finding>> checked, RecordedSets after) {

        public Observation {
            listed = List.copyOf(listed);
            partials = List.copyOf(partials);
            checked = Map.copyOf(checked);
        }

        private Map<String, BackupSet> listedById() {
            Map<String, BackupSet> byId = new LinkedHashMap<>();
            listed.forEach(s -> byId.put(s.id().toString(), s));
            return byId;
        }

        // recorded before the listing and still recorded: the listing must hold it, complete
        private Set<String> expected() {
            Set<String> ids = new TreeSet<>(before.kept());
            ids.retainAll(after.kept());
            ids.removeAll(after.removed());
            return ids;
        }
    }

    private Reconciliation() {
    }

    /**
     * The sets to read again at their place before {@link #reconcile} judges them: those that
     * history expects and the listing lacks or found incomplete, and those listed that retention
     * has removed since.
     */
    public static Set<String> toRelist(Observation seen) {
        Map<String, BackupSet> listed = seen.listedById();
        Set<String> ids = new TreeSet<>();
        for (String id : seen.expected()) {
            BackupSet set = listed.get(id);
            if (set == null || !intact(set)) {
                ids.add(id);
            }
        }
        for (String id : listed.keySet()) {
            if (seen.after().removed().contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Every finding on one target: each listed set's own findings, except for a set that retention
     * removed meanwhile, then what the comparison with history finds.
     *
     * @param relisted the sets of {@link #toRelist} that are still there, as read again, by id;
     *                 a set that is not a key is gone
     * @param host     the namespace, for the paths in messages
     */
    public static List<Finding> reconcile(String target, String host, Observation seen, Map<String, BackupSet> relisted) {
        List<Finding> findings = new ArrayList<>();
        Map<String, BackupSet> listed = seen.listedById();
        Set<String> removed = seen.after().removed();
        for (String id : listed.keySet()) {
            if (!removed.contains(id)) {
                findings.addAll(seen.checked().getOrDefault(id, List.of()));
            } else if (relisted.containsKey(id)) {
                findings.add(Finding.warning(target, id, null, "history records this backup as removed by retention,"
                        + " but the target still holds it (a removal in progress, or one cut short); the next"
                        + " `backstop run` or `backstop prune` deals with it"));
            }
        }
        for (String id : seen.expected()) {
            BackupSet set = listed.get(id);
            if (set != null && intact(set)) {
                continue;
            }
            BackupSet now = relisted.get(id);
            if (now == null) {
                findings.add(Finding.critical(target, id, null, "history records this backup as committed and verified"
                        + " on target " + target + ", but the target does not hold it: it was deleted or lost outside"
                        + " backstop. Find out what removed it, and run `backstop run` for a fresh backup"));
            } else if (!intact(now)) {
                findings.add(Finding.critical(target, id, null, "history records this backup as committed and verified"
                        + " on target " + target + ", but the set there is no longer complete (" + now.problem() + ")"));
            }
        }
        Set<String> inFlight = new HashSet<>(seen.before().running());
        inFlight.addAll(seen.after().running());
        for (BackupSet set : seen.listed()) {
            String id = set.id().toString();
            if (set.complete() && !seen.after().kept().contains(id) && !removed.contains(id) && !inFlight.contains(id)) {
                findings.add(Finding.warning(target, id, null, "complete set that history does not record on this"
                        + " target (a lost history, or written by another installation)"));
            }
        }
        for (String partial : seen.partials()) {
            if (!inFlight.contains(partial)) {
                findings.add(Finding.warning(target, partial, null, "orphaned partial set "
                        + BackupSetLayout.partialRoot(host) + "/" + partial + " (a run was interrupted); the next"
                        + " `backstop run` sweeps it"));
            }
        }
        return findings;
    }

    // a set of a newer format is there: SetChecks reports it, this version cannot judge it
    private static boolean intact(BackupSet set) {
        return set.complete() || set.newerFormat();
    }
}
