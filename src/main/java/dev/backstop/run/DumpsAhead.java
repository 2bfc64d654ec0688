package dev.backstop.run;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.SourceConfig;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupId;
import dev.backstop.core.EventLog;
import dev.backstop.core.LogPositionEntry;
import dev.backstop.source.Source;
import dev.backstop.target.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dumps of a run that start before its targets are checked: reaching an SFTP target (key
 * exchange and login) takes about a second, which the walk of a tree can use. Each source with
 * {@code incremental:} starts as its snapshot state alone decides ({@link Chains#expected}). The
 * targets then nearly always confirm that decision; where they do not, the dump is dropped and
 * made again as they decide. The spool files of a dump started ahead wait for the uploads, which
 * start once the targets are checked.
 */
final class DumpsAhead {

    /**
     * What the run dumps, in source order ({@code jobs}), those of them not started ahead
     * ({@code toStart}), and the log positions recorded instead of a dump.
     */
    record Plan(List<ComponentDumper.Job> jobs, List<ComponentDumper.Job> toStart, List<LogPositionEntry> positions) {
    }

    /** A dump started ahead, and the offers of its spool files held for the uploads. */
    private record Ahead(ComponentDumper.Job job, HeldOffers offers) {
    }

    private final BackstopConfig config;
    private final List<Source> sources;
    private final ComponentDumper dumper;
    private final EventLog log;
    private final Map<Integer, Ahead> started = new LinkedHashMap<>(); // by index of their source

    private DumpsAhead(BackstopConfig config, List<Source> sources, ComponentDumper dumper, EventLog log) {
        this.config = config;
        this.sources = sources;
        this.dumper = dumper;
        this.log = log;
    }

    /** Starts the dump of each source whose link of its chain its snapshot state gives. */
    static DumpsAhead start(BackupId id, BackstopConfig config, List<Source> sources, Chains chains,
                            ComponentDumper dumper, EventLog log) {
        DumpsAhead ahead = new DumpsAhead(config, sources, dumper, log);
        for (int i = 0; i < sources.size(); i++) {
            SourceConfig sc = config.sources().get(i);
            Chains.Link link = chains.expected(id, sources.get(i), sc);
            if (link != null) {
                ComponentDumper.Job job = new ComponentDumper.Job(sources.get(i), sc.minSize(), link);
                HeldOffers offers = new HeldOffers();
                dumper.start(job, offers);
                ahead.started.put(i, new Ahead(job, offers));
            }
        }
        return ahead;
    }

    /**
     * Decides each source's part in the run now that the usable targets are known: keeps a dump
     * started ahead where the decision is the one it was started on, drops it otherwise.
     */
    Plan plan(BackupId id, Path spool, List<Target> usable, Chains chains, LogPositions logPositions)
            throws BackstopException, IOException, InterruptedException {
        Plan plan = new Plan(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < sources.size(); i++) {
            SourceConfig sc = config.sources().get(i);
            Optional<LogPositionEntry> position = logPositions.instead(sources.get(i), sc,
                    spool.resolve(".position-" + sc.name()));
            Ahead early = started.get(i);
            if (position.isPresent()) {
                plan.positions().add(position.get());
                drop(i);
                continue;
            }
            ComponentDumper.Job job = new ComponentDumper.Job(sources.get(i), sc.minSize(),
                    chains.link(id, sources.get(i), sc, usable));
            if (early != null && early.job().equals(job)) {
                job = early.job();
            } else {
                drop(i);
                plan.toStart().add(job);
            }
            plan.jobs().add(job);
        }
        return plan;
    }

    /** Hands the spool files of the dumps kept by {@link #plan} to the uploads, now and from now on. */
    void release(ComponentDumper.Started uploads) {
        started.values().forEach(a -> a.offers().release(uploads));
    }

    /** Stops the dump started ahead for source {@code i}, if any, and removes its spool files. */
    private void drop(int i) throws InterruptedException, IOException {
        Ahead early = started.remove(i);
        if (early != null) {
            dumper.discard(early.job());
            log.info("source " + early.job().source().name() + ": the dump started while the targets were checked"
                    + " is dropped");
        }
    }
}
