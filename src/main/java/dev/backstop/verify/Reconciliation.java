package dev.backstop.verify;

import dev.backstop.commit.BackupSetLayout;
import dev.backstop.commit.BackupSets.BackupSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * History against the target: a backup that history records as committed on a target must be
 * there, complete. The audited script's backup of 2025-11-04 was reported stored and was not; that
 * case is CRITICAL. Partial sets are orphans. A set of a newer manifest format is there: {@link
 * SetChecks} reports it. A pure function.
 */
public final class Reconciliation {

    private Reconciliation() {
    }

    /**
     * @param sets      what the target holds for the host
     * @param committed ids that history records as committed on this target and not removed
     * @param partials  names of the entries below {@code <host>/.partial}
     * @param host      the namespace, for the paths in messages
     */
    public static List<Finding> reconcile(String target, String host, List<BackupSet> sets, Set<String> committed,
                                          List<String> partials) {
        List<Finding> findings = new ArrayList<>();
        Map<String, BackupSet> held = new HashMap<>();
        sets.forEach(s -> held.put(s.id().toString(), s));
        for (String id : committed) {
            BackupSet set = held.get(id);
            if (set == null) {
                findings.add(Finding.critical(target, id, null, "history records this backup as committed and verified"
                        + " on target " + target + ", but the target does not hold it: it was deleted or lost outside"
                        + " backstop. Find out what removed it, and run `backstop run` for a fresh backup"));
            } else if (!set.complete() && !set.newerFormat()) {
                findings.add(Finding.critical(target, id, null, "history records this backup as committed and verified"
                        + " on target " + target + ", but the set there is no longer complete (" + set.problem() + ")"));
            }
        }
        for (BackupSet set : sets) {
            if (set.complete() && !committed.contains(set.id().toString())) {
                findings.add(Finding.warning(target, set.id().toString(), null, "complete set that history does not"
                        + " record on this target (a lost history, or written by another installation)"));
            }
        }
        for (String partial : partials) {
            findings.add(Finding.warning(target, partial, null, "orphaned partial set " + BackupSetLayout.partialRoot(host)
                    + "/" + partial + " (a run was interrupted); the next `backstop run` sweeps it"));
        }
        return findings;
    }
}
