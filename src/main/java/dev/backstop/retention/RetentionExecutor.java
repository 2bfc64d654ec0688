package dev.backstop.retention;

import dev.backstop.commit.BackupSets;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.BackupId;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.EventLog;
import dev.backstop.core.Manifest;
import dev.backstop.core.TargetException;
import dev.backstop.history.HistoryStore;
import dev.backstop.target.FileInfo;
import dev.backstop.target.Target;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies retention to one target: lists the host's sets, plans with {@link RetentionPlanner},
 * removes what the plan removes, and records each removal in history before it deletes the set
 * (withdrawn when the removal fails), so that history never expects a set that is already gone.
 * Only complete sets take part in the plan; a set directory without a valid manifest (an orphan,
 * garbage by the layout's rules) that is older than the newest complete set is removed with them.
 * A set whose manifest cannot be read now, or that is filed in the wrong place, is left alone and
 * reported; while one cannot be read, no set older than it is removed (it may be an increment
 * that needs them). A set written by a newer backstop takes no part in the plan and is never removed: it
 * is kept with that reason. A kept set keeps the earlier sets of its chains (the planner says
 * so), and removals go newest first, so that no increment is ever left without its chain.
 * The archived log segments follow the sets that stay ({@link SegmentRetention}): a segment a
 * kept dump needs is never removed.
 *
 * <p>The caller holds the run lock, so no set is being written meanwhile.
 */
public final class RetentionExecutor {

    /**
     * What retention did, or would do, on one target.
     *
     * @param decisions one per complete set and per set of a newer format, newest first
     * @param orphans   incomplete set directories removed (or to be removed), each with why
     * @param failures  removals that failed, each naming the set and the reason
     * @param logs      one decision per archived log file of each source ({@link SegmentPlanner})
     */
    public record Result(String target, List<Decision> decisions, List<String> orphans, List<String> failures,
                         List<SegmentPlanner.LogFileDecision> logs) {

        public Result {
            logs = List.copyOf(logs);
        }

        /** A result without archived logs. */
        public Result(String target, List<Decision> decisions, List<String> orphans, List<String> failures) {
            this(target, decisions, orphans, failures, List.of());
        }

        public long removed() {
            return decisions.stream().filter(d -> !d.keep()).count();
        }

        /** Archived log files whose segments are removed (or, in a dry run, would be). */
        public long logFilesRemoved() {
            return logs.stream().filter(d -> !d.keep()).count();
        }
    }

    private final HistoryStore history;
    private final Clock clock;
    private final EventLog log;

    public RetentionExecutor(HistoryStore history, Clock clock, EventLog log) {
        this.history = history;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Plans and, unless {@code dryRun}, removes. A removal that fails is reported in the result
     * and does not stop the others.
     *
     * @throws TargetException when the target cannot be listed; nothing was removed then
     */
    public Result apply(Target target, String host, RetentionPolicy policy, boolean dryRun) throws TargetException {
        List<BackupSets.BackupSet> sets = BackupSets.list(target, host);
        Set<String> verified = history.committedIds(target.name());
        List<Backup> complete = new ArrayList<>();
        for (BackupSets.BackupSet s : sets) {
            if (s.complete()) {
                complete.add(backup(s, verified.contains(s.id().toString())));
            }
        }
        List<Decision> plan = belowUnreadable(RetentionPlanner.plan(complete, policy, clock.instant(),
                policy.timeZone()), sets);
        List<String> failures = new ArrayList<>();
        List<String> orphans = new ArrayList<>();
        if (policy.keepsEverything()) {
            return new Result(target.name(), withNewerSets(plan, sets, verified), orphans, failures);
        }
        BackupId newestComplete = complete.isEmpty() ? null : BackupId.parse(plan.get(0).backup().id());
        for (BackupSets.BackupSet s : sets) {
            boolean garbage = s.manifest() == null && !s.newerFormat() && s.problem() != null
                    && s.problem().startsWith(Manifest.FILE_NAME);
            if (garbage && newestComplete != null && s.id().compareTo(newestComplete) < 0) {
                orphans.add(s.path() + ": " + s.problem());
                if (!dryRun) {
                    remove(target, s.path(), failures);
                }
            }
        }
        Set<String> removedIds = new java.util.HashSet<>();
        plan.stream().filter(d -> !d.keep()).forEach(d -> removedIds.add(d.backup().id()));
        for (Decision d : plan) {
            if (!d.keep() && !dryRun) {
                String path = sets.stream().filter(s -> s.id().toString().equals(d.backup().id())).findFirst()
                        .orElseThrow().path();
                // recorded first: a verify meanwhile must never find history expecting a set already gone
                history.recordTargetRemoved(d.backup().id(), target.name(), clock.instant());
                if (!remove(target, path, failures)) {
                    history.recordTargetRemovalFailed(d.backup().id(), target.name());
                    removedIds.remove(d.backup().id()); // still there: its dumps still need their segments
                } else {
                    log.info("target " + target.name() + ": removed backup " + d.backup().id() + " (retention: "
                            + String.join(", ", d.reasons()) + ")");
                }
            }
        }
        List<SegmentPlanner.LogFileDecision> logs;
        try {
            logs = new SegmentRetention(log).apply(target, host, sets, removedIds, dryRun, failures);
        } catch (IOException e) {
            logs = List.of();
            String why = "target " + target.name() + ": cannot list the archived log segments, none removed: " + describe(e);
            failures.add(why);
            log.error(why);
        }
        return new Result(target.name(), withNewerSets(plan, sets, verified), orphans, failures, logs);
    }

    /**
     * A set whose manifest cannot be read now may be an increment: every set older than it may be
     * part of its chain, so none is removed this time; the next prune, once it reads, decides.
     */
    private static List<Decision> belowUnreadable(List<Decision> plan, List<BackupSets.BackupSet> sets) {
        String unreadable = sets.stream().filter(s -> s.manifest() == null && !s.newerFormat() && s.problem() != null
                && s.problem().startsWith("cannot read ")).map(s -> s.id().toString()).max(String::compareTo).orElse(null);
        if (unreadable == null) {
            return plan;
        }
        List<Decision> kept = new ArrayList<>();
        for (Decision d : plan) {
            kept.add(d.keep() || d.backup().id().compareTo(unreadable) > 0 ? d : new Decision(d.backup(), true,
                    List.of("older than " + unreadable + ", whose manifest cannot be read now: its chain may need it")));
        }
        return kept;
    }

    /** The set as the planner sees it, with the earlier sets its incremental archives and its log positions need. */
    static Backup backup(BackupSets.BackupSet set, boolean verified) {
        Set<String> previous = new TreeSet<>();
        Set<String> bases = new TreeSet<>();
        for (ComponentEntry c : set.manifest().components()) {
            if (c.needsEarlierSets()) {
                previous.add(c.incremental().previous());
                bases.add(c.incremental().base());
            }
        }
        Set<String> dumps = new TreeSet<>();
        set.manifest().logPositions().forEach(p -> dumps.add(p.dump()));
        return new Backup(set.id().toString(), set.id().time(), verified, List.copyOf(previous), List.copyOf(bases),
                List.copyOf(dumps));
    }

    // a newer backstop's sets are outside the plan: neither counted by a rule nor removed
    private static List<Decision> withNewerSets(List<Decision> plan, List<BackupSets.BackupSet> sets, Set<String> verified) {
        List<Decision> all = new ArrayList<>(plan);
        for (BackupSets.BackupSet s : sets) {
            if (s.newerFormat()) {
                String id = s.id().toString();
                all.add(new Decision(new Backup(id, s.id().time(), verified.contains(id)), true,
                        List.of(s.newer().describe())));
            }
        }
        all.sort(Comparator.comparing((Decision d) -> d.backup().id()).reversed());
        return all;
    }

    /** Removes the manifest first, so a removal cut short leaves an orphan, never a set that looks whole. */
    private boolean remove(Target target, String setPath, List<String> failures) {
        try {
            target.delete(setPath + "/" + Manifest.FILE_NAME);
            target.delete(setPath);
            removeEmptyParents(target, setPath);
            return true;
        } catch (IOException e) {
            String why = "target " + target.name() + ": cannot remove " + setPath + ": " + describe(e);
            failures.add(why);
            log.error(why);
            return false;
        }
    }

    private static String describe(IOException e) {
        // NoSuchFileException and friends carry only a path as message: the class says what happened
        return e.getClass() == IOException.class && e.getMessage() != null ? e.getMessage()
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    // <host>/<yyyy>/<MM>/<dd>/<id>: the day, month and year directories go once they are empty
    private static void removeEmptyParents(Target target, String setPath) throws IOException {
        String dir = setPath;
        for (int level = 0; level < 3; level++) {
            dir = dir.substring(0, dir.lastIndexOf('/'));
            List<FileInfo> entries = target.list(dir);
            if (!entries.isEmpty()) {
                return;
            }
            target.delete(dir);
        }
    }
}
