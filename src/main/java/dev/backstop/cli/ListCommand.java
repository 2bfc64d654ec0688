package dev.backstop.cli;

import dev.backstop.commit.BackupSets;
import dev.backstop.commit.LogSegmentStore;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.ByteSize;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.EventLog;
import dev.backstop.core.LogArchiveState;
import dev.backstop.core.LogSegment;
import dev.backstop.history.HistoryStore;
import dev.backstop.logarchive.ChainScan;
import dev.backstop.registry.Kinds;
import dev.backstop.run.TargetChoice;
import dev.backstop.target.Target;
import dev.backstop.target.Targets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backstop list}: the backup sets each target really holds, marked with what history knows. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the backups on each target: id, time, size, place in a chain of incremental archives"
                + " (full, or +N of the full it needs), and whether history recorded it as committed and verified."
                + " A set without a valid manifest is listed as INVALID. For each source with log_archive, the"
                + " recovery window on each target.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:listed (INVALID sets are listed, not failed)",
            "2:usage or configuration error",
            ExitCodes.HISTORY_UNUSABLE,
            "6:a target could not be listed"})
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCommand parent;

    @Mixin
    CommonOptions options;

    @Mixin
    JsonOption json;

    @Option(names = "--target", paramLabel = "NAME", description = "Only this target.")
    String only;

    /**
     * One line of the listing.
     *
     * @param chain the set's place in its chains of incremental archives, for people: {@code full},
     *              {@code +3 of <base>}, one per component when they differ; {@code -} when every
     *              component is stored whole
     * @param increments each component that is part of a chain, with its level, base and previous
     * @param logPositions each source the set holds no dump of, only its log position
     */
    record Row(String target, String id, String time, long bytes, String state, String chain,
               List<Increment> increments, List<Position> logPositions) {
    }

    /** A source whose log position the set records instead of its dump, and the dump it builds on. */
    record Position(String source, String file, long position, String gtid, String dump) {
    }

    /** A component's place in its chain, as the manifest records it. */
    record Increment(String component, int level, String base, String previous) {
    }

    /**
     * The recovery window of one source on one target: from the oldest dump whose chain of
     * archived segments is complete there, to the moment the archiver last caught up (when the
     * target holds its newest segment); null ends when there is no such dump.
     */
    record Window(String target, String source, String from, String dump, String to, String newest) {
    }

    @Override
    public Integer call() throws Exception {
        BackstopConfig config = ConfigLoader.load(options.config, Kinds.schema());
        EventLog log = new EventLog(parent.err, Clock.systemUTC());
        List<Target> targets = Kinds.targets(config);
        List<Target> chosen = new TargetChoice(only, options.config).from(targets);
        List<Row> rows = new ArrayList<>();
        List<Window> windows = new ArrayList<>();
        List<LogArchiveState> logs = LogArchives.states(config);
        try {
            for (Target t : chosen) {
                Set<String> known = knownIds(config, t.name());
                List<BackupSets.BackupSet> sets = BackupSets.list(t, config.host());
                for (LogArchiveState l : logs) {
                    windows.add(window(t, config.host(), sets, l));
                }
                for (BackupSets.BackupSet set : sets) {
                    long bytes = set.newerFormat() ? set.newer().bytes() : set.manifest() == null ? 0
                            : set.manifest().components().stream().mapToLong(ComponentEntry::bytes).sum();
                    String state = set.newerFormat() ? set.newer().describe()
                            + (set.problem() == null ? "" : "; INVALID: " + set.problem())
                            : set.manifest() == null ? "INVALID: " + set.problem()
                            : known.contains(set.id().toString()) ? "verified" : "not in history";
                    List<ComponentEntry> chained = chained(set);
                    List<Position> positions = set.manifest() == null ? List.of()
                            : set.manifest().logPositions().stream().map(p -> new Position(p.name(), p.binlog().file(),
                            p.binlog().position(), p.binlog().gtid(), p.dump())).toList();
                    rows.add(new Row(t.name(), set.id().toString(), set.id().time().toString(), bytes, state,
                            place(chain(chained), positions), chained.stream().map(c -> new Increment(c.name(),
                            c.incremental().level(), c.incremental().base(), c.incremental().previous())).toList(),
                            positions));
                }
            }
        } finally {
            Targets.closeAll(targets, log);
        }
        if (json.requested()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("backups", rows);
            result.put("recovery_windows", windows);
            json.print(parent.out, result);
        } else {
            parent.out.printf("%-12s %-18s %-22s %12s  %-23s  %s%n", "TARGET", "ID", "TIME (UTC)", "SIZE", "CHAIN",
                    "STATE");
            for (Row r : rows) {
                parent.out.printf("%-12s %-18s %-22s %12s  %-23s  %s%n", r.target(), r.id(), r.time(),
                        ByteSize.human(r.bytes()), r.chain(), r.state());
            }
            parent.out.println(rows.size() + " backup(s) on " + (only == null ? targets.size() + " target(s)" : only));
            for (Window w : windows) {
                parent.out.println("recovery window of " + w.source() + " on " + w.target() + ": " + (w.from() == null
                        ? "none, no dump there starts a complete chain of archived binary logs"
                        + (w.newest() == null ? "" : " (segments up to " + w.newest() + ")")
                        : "from " + w.from() + " (dump " + w.dump() + ") to "
                        + (w.to() == null ? "the end of the segment at " + w.newest() : w.to())));
            }
        }
        return 0;
    }

    private static Window window(Target t, String host, List<BackupSets.BackupSet> sets, LogArchiveState l)
            throws java.io.IOException {
        LogSegmentStore store = new LogSegmentStore(t, host, l.source());
        List<LogSegment> segments = store.committed();
        String newest = segments.isEmpty() ? null : segments.get(segments.size() - 1).logFile() + ":"
                + segments.get(segments.size() - 1).end();
        var start = ChainScan.windowStart(store, sets, l.source());
        if (start.isEmpty()) {
            return new Window(t.name(), l.source(), null, null, null, newest);
        }
        // the caught-up moment holds for this target only when it has the archiver's newest segment
        boolean current = newest != null && newest.equals(l.newest()) && l.caughtUp() != null;
        // in whole seconds, as restore --at takes the moment
        return new Window(t.name(), l.source(), start.get().time().toString(), start.get().backupId(),
                current ? l.caughtUp().truncatedTo(ChronoUnit.SECONDS).toString() : null, newest);
    }

    private static List<ComponentEntry> chained(BackupSets.BackupSet set) {
        return set.manifest() == null ? List.of()
                : set.manifest().components().stream().filter(c -> c.incremental() != null).toList();
    }

    // one word when every chained component stands at the same place, else one per component
    private static String chain(List<ComponentEntry> chained) {
        List<String> places = chained.stream().map(c -> c.incremental().describe()).distinct().toList();
        if (places.size() <= 1) {
            return places.isEmpty() ? "-" : places.get(0);
        }
        return String.join(", ", chained.stream().map(c -> c.name() + " " + c.incremental().describe()).toList());
    }

    // a source recorded by its log position shows where it stands instead of a file of its own
    private static String place(String chain, List<Position> positions) {
        if (positions.isEmpty()) {
            return chain;
        }
        String logged = String.join(", ", positions.stream().map(p -> p.source() + " log position " + p.file() + ":"
                + p.position() + " on dump " + p.dump()).toList());
        return chain.equals("-") ? logged : chain + ", " + logged;
    }

    private static Set<String> knownIds(BackstopConfig config, String target) throws Exception {
        if (!Files.exists(config.historyFile())) {
            return Set.of();
        }
        try (HistoryStore history = HistoryStore.open(config.historyFile())) {
            return history.committedIds(target);
        }
    }
}
