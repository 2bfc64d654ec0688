package dev.backstop.retention;

import dev.backstop.config.RetentionPolicy;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Decides which backups a target keeps, with restic's rules ({@code forget --keep-*}):
 * <ul>
 *   <li>backups are walked newest first; {@code keep_last} keeps the first n;</li>
 *   <li>{@code keep_hourly/daily/weekly/monthly/yearly} keep the newest backup of each of the
 *       newest n hours, days, ISO weeks, months, years that have a backup, in the given time
 *       zone (periods without a backup do not count); while a rule has counts left when the walk
 *       reaches the oldest backup, it keeps that one too, so the history reaches back as far as
 *       it can;</li>
 *   <li>{@code keep_within} keeps every backup younger than the duration, counted back from the
 *       newest backup that is not in the future (not from now: a server that stopped backing up
 *       keeps its last backups);</li>
 *   <li>a backup dated after {@code now} (a clock that was wrong) is kept, never judged;</li>
 *   <li>the newest verified backup is always kept; with no rule at all, everything is kept;</li>
 *   <li>a kept backup keeps every set that restoring it needs: the previous set of each of its
 *       incremental archives ("needed by &lt;id&gt;") and the full that starts each chain ("base of
 *       &lt;id&gt;"), and so on down the chain, so that no increment is left without its chain.
 *       A set that the target does not hold cannot be kept; verify reports that gap.</li>
 *   <li>a kept backup that records a source's log position instead of its dump keeps the set with
 *       that dump ("dump under the log position of &lt;id&gt;"): the position means nothing without it.</li>
 * </ul>
 * The decisions come newest first, and an executor removes in that order: a removal cut short
 * leaves older sets, never an increment whose earlier sets are gone.
 * A pure function: the result depends on its arguments alone.
 */
public final class RetentionPlanner {

    private RetentionPlanner() {
    }

    /** One counting rule. */
    private record Rule(String name, Integer count, ToLongFunction<ZonedDateTime> period) {
    }

    /**
     * @param backups the backups of one target and host, in any order; ids are unique
     * @param policy  the target's retention
     * @param now     the current time
     * @param zone    the time zone of hours, days, weeks, months and years
     * @return one decision per backup, newest first
     */
    public static List<Decision> plan(List<Backup> backups, RetentionPolicy policy, Instant now, ZoneId zone) {
        List<Backup> sorted = new ArrayList<>(backups);
        sorted.sort(Comparator.comparing(Backup::time).thenComparing(Backup::id).reversed());
        String newestVerified = sorted.stream().filter(Backup::verified).map(Backup::id).findFirst().orElse(null);
        List<Decision> out = new ArrayList<>();
        if (policy.keepsEverything()) {
            sorted.forEach(b -> out.add(new Decision(b, true, List.of("no retention rule: everything is kept"))));
            return out;
        }
        List<Rule> rules = List.of(
                new Rule("last", policy.keepLast(), null),
                new Rule("hourly", policy.keepHourly(),
                        t -> t.getYear() * 1_000_000L + t.getMonthValue() * 10_000L + t.getDayOfMonth() * 100L + t.getHour()),
                new Rule("daily", policy.keepDaily(), t -> t.getYear() * 10_000L + t.getMonthValue() * 100L + t.getDayOfMonth()),
                new Rule("weekly", policy.keepWeekly(),
                        t -> t.get(IsoFields.WEEK_BASED_YEAR) * 100L + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
                new Rule("monthly", policy.keepMonthly(), t -> t.getYear() * 100L + t.getMonthValue()),
                new Rule("yearly", policy.keepYearly(), t -> t.getYear()));
        int[] left = rules.stream().mapToInt(r -> r.count() == null ? 0 : r.count()).toArray();
        long[] lastPeriod = new long[rules.size()];
        java.util.Arrays.fill(lastPeriod, Long.MIN_VALUE);
        Instant latest = sorted.stream().map(Backup::time).filter(t -> !t.isAfter(now)).findFirst().orElse(null);
        for (int nr = 0; nr < sorted.size(); nr++) {
            Backup b = sorted.get(nr);
            boolean oldest = nr == sorted.size() - 1;
            List<String> reasons = new ArrayList<>();
            if (b.time().isAfter(now)) {
                reasons.add("dated after now (" + now + "): a clock was wrong, it is kept");
            }
            if (policy.keepWithin() != null && latest != null && b.time().isAfter(latest.minus(policy.keepWithin()))) {
                reasons.add("within " + show(policy.keepWithin()) + " of the newest");
            }
            ZonedDateTime local = b.time().atZone(zone);
            for (int i = 0; i < rules.size(); i++) {
                if (left[i] <= 0) {
                    continue;
                }
                long period = rules.get(i).period() == null ? nr : rules.get(i).period().applyAsLong(local);
                if (period != lastPeriod[i] || oldest) {
                    reasons.add((period == lastPeriod[i] ? "oldest " : "") + rules.get(i).name()
                            + " " + (rules.get(i).count() - left[i] + 1) + "/" + rules.get(i).count());
                    lastPeriod[i] = period;
                    left[i]--;
                }
            }
            if (b.id().equals(newestVerified) && reasons.isEmpty()) {
                reasons.add("newest verified backup: never removed");
            }
            out.add(reasons.isEmpty() ? new Decision(b, false, List.of("no rule keeps it"))
                    : new Decision(b, true, reasons));
        }
        return withChains(out);
    }

    /**
     * Keeps every set a kept set needs, walking down each chain from the kept sets, newest first.
     * A set needed by several others names the one that names it as previous, and the newest
     * kept set whose chain it starts.
     */
    private static List<Decision> withChains(List<Decision> plan) {
        Map<String, Decision> byId = new LinkedHashMap<>();
        plan.forEach(d -> byId.put(d.backup().id(), d));
        Map<String, Set<String>> needed = new HashMap<>();
        Deque<Backup> walk = new ArrayDeque<>();
        plan.stream().filter(Decision::keep).forEach(d -> walk.add(d.backup()));
        while (!walk.isEmpty()) {
            Backup b = walk.poll();
            for (String base : b.bases()) {
                need(base, "base of " + b.id(), byId, needed, walk);
            }
            for (String dump : b.dumps()) {
                need(dump, "dump under the log position of " + b.id(), byId, needed, walk);
            }
            for (String previous : b.previous()) {
                if (!b.bases().contains(previous)) {
                    need(previous, "needed by " + b.id(), byId, needed, walk);
                }
            }
        }
        List<Decision> out = new ArrayList<>();
        for (Decision d : plan) {
            Set<String> chain = needed.get(d.backup().id());
            if (chain == null) {
                out.add(d);
            } else {
                List<String> reasons = new ArrayList<>(d.keep() ? d.reasons() : List.of());
                reasons.addAll(chain);
                out.add(new Decision(d.backup(), true, reasons));
            }
        }
        return out;
    }

    private static void need(String id, String reason, Map<String, Decision> byId, Map<String, Set<String>> needed,
                             Deque<Backup> walk) {
        Decision d = byId.get(id);
        if (d == null) {
            return;
        }
        Set<String> reasons = needed.get(id);
        if (reasons == null) {
            reasons = new LinkedHashSet<>();
            needed.put(id, reasons);
            if (!d.keep()) {
                walk.add(d.backup());
            }
        }
        // the newest kept set of a chain names its base; the others would only repeat it
        if (!reason.startsWith("base of ") || reasons.stream().noneMatch(r -> r.startsWith("base of "))) {
            reasons.add(reason);
        }
    }

    private static String show(java.time.Duration d) {
        long s = d.getSeconds();
        return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
