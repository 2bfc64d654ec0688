package dev.backstop.verify;

import dev.backstop.commit.BackupSets.BackupSet;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ComponentIncrement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chains of incremental archives on one target: an increment restores only on top of every
 * earlier set of its chain, so each must be on the same target, complete, and hold the same
 * component one level lower with the same full as base. A set whose chain is broken or has a gap
 * is CRITICAL, naming the set that is missing; a set further up the same chain is CRITICAL too,
 * since it cannot be restored either. A set of a newer manifest format is taken as it is: this
 * version cannot judge it. A pure function of what the target listed.
 */
public final class ChainChecks {

    private ChainChecks() {
    }

    /**
     * @param listed the host's sets on the target, as listed
     * @return the findings, by the id of the set that cannot be restored; sets without finding are absent
     */
    public static Map<String, List<Finding>> check(String target, List<BackupSet> listed) {
        Map<String, BackupSet> byId = new LinkedHashMap<>();
        listed.forEach(s -> byId.put(s.id().toString(), s));
        Map<String, List<Finding>> findings = new LinkedHashMap<>();
        for (BackupSet set : listed) {
            if (!set.complete()) {
                continue;
            }
            for (ComponentEntry c : set.manifest().components()) {
                if (c.needsEarlierSets()) {
                    String broken = brokenLink(set, c, byId);
                    if (broken != null) {
                        findings.computeIfAbsent(set.id().toString(), k -> new ArrayList<>()).add(Finding.critical(target,
                                set.id().toString(), c.file(), describe(set, c, broken)));
                    }
                }
            }
        }
        return findings;
    }

    private static String describe(BackupSet set, ComponentEntry c, String broken) {
        ComponentIncrement inc = c.incremental();
        return "component " + c.name() + " is increment " + inc.level() + " of the chain based on full " + inc.base()
                + ", and the chain is broken: " + broken + ". This set cannot be restored from this target; copy the"
                + " missing set from another target that holds it, or restore an earlier set of the chain, and start"
                + " a new chain with `backstop run --full`";
    }

    /** The first broken link walking down from {@code set} to the chain's full, or null when the chain is whole. */
    private static String brokenLink(BackupSet set, ComponentEntry component, Map<String, BackupSet> byId) {
        Set<String> seen = new HashSet<>();
        BackupSet current = set;
        ComponentEntry c = component;
        while (c.needsEarlierSets()) {
            String id = current.id().toString();
            ComponentIncrement inc = c.incremental();
            if (!seen.add(id)) {
                return "set " + id + " is its own earlier set (the previous ids form a loop)";
            }
            String previous = inc.previous();
            BackupSet before = byId.get(previous);
            String needs = "set " + id + " needs set " + previous + (previous.equals(inc.base()) ? " (the full)" : "");
            if (before == null) {
                return needs + ", which this target does not hold" + (byId.containsKey(inc.base()) ? ""
                        : " (nor the full " + inc.base() + ")");
            }
            if (before.newerFormat()) {
                return null;
            }
            if (!before.complete()) {
                return needs + ", which is incomplete (" + before.problem() + ")";
            }
            String name = c.name();
            ComponentEntry earlier = before.manifest().components().stream().filter(e -> e.name().equals(name))
                    .findFirst().orElse(null);
            if (earlier == null) {
                return needs + ", which holds no component " + c.name();
            }
            ComponentIncrement was = earlier.incremental();
            if (was == null || was.level() != inc.level() - 1 || !was.base().equals(inc.base())) {
                return needs + ", whose component " + c.name() + " is " + (was == null ? "not part of a chain"
                        : "level " + was.level() + " of the chain based on " + was.base()) + ", not level "
                        + (inc.level() - 1) + " of the chain based on " + inc.base();
            }
            current = before;
            c = earlier;
        }
        return null;
    }
}
