package dev.backstop.run;

import dev.backstop.commit.BackupSets;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.SourceConfig;
import dev.backstop.core.BackupId;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ComponentIncrement;
import dev.backstop.core.EventLog;
import dev.backstop.core.Manifest;
import dev.backstop.core.TargetException;
import dev.backstop.source.IncrementalSource;
import dev.backstop.source.Source;
import dev.backstop.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * The chains of incremental archives of one run: for each source with {@code incremental:}, the
 * {@link ChainDecision} and the snapshot states it reads and writes. The snapshot states advance
 * only once the set is committed on every target it went to, so a failed or killed run leaves the
 * chain where the targets have it.
 */
final class Chains {

    /**
     * One source's link of its chain in this run.
     *
     * @param source        the source, which writes the archive and its snapshot state
     * @param increment     the component's place in its chain
     * @param previousState the snapshot state to compare with; null for a full
     * @param nextState     where the source writes this run's snapshot state, in the spool
     */
    record Link(IncrementalSource source, ComponentIncrement increment, Path previousState, Path nextState,
                String chainKey) {
    }

    private final BackstopConfig config;
    private final boolean fullRequested;
    private final Path spool;
    private final EventLog log;
    private final SnapshotStates states;
    private final Map<String, Link> links = new LinkedHashMap<>();
    private final Map<String, StateRead> stateReads = new java.util.HashMap<>();
    private final Map<String, Future<String>> statesAhead;
    private final Instant now; // one instant for every decision of the run, expected or final
    private List<ChainDecision.NewestSet> newest; // listed once, for the first source that needs it
    private final Map<String, Manifest> manifests = new LinkedHashMap<>(); // the newest set's, by target

    /** @param statesAhead the SHA-256 of each source's snapshot state being read ahead ({@link #readStatesAhead}) */
    Chains(BackstopConfig config, boolean fullRequested, Path spool, Clock clock, EventLog log,
           Map<String, Future<String>> statesAhead) {
        this.config = config;
        this.fullRequested = fullRequested;
        this.spool = spool;
        this.log = log;
        this.states = new SnapshotStates(config.stateDir(), config.host());
        this.now = clock.instant();
        this.statesAhead = statesAhead;
    }

    /**
     * Starts reading the snapshot state of each source with {@code incremental:} that has one, so
     * that its walk need not read it first: the bench's tree has a state of 6.8 MB of text, which
     * took 0.2 to 0.3 s, while the run could open its history and check the sources. Call it under the run
     * lock, which keeps other runs from changing the states. Nothing is read for {@code --full}.
     *
     * @return the SHA-256 of each state as read, by source name
     */
    static Map<String, Future<String>> readStatesAhead(BackstopConfig config, List<Source> sources, boolean fullRequested) {
        Map<String, Future<String>> ahead = new java.util.HashMap<>();
        SnapshotStates states = new SnapshotStates(config.stateDir(), config.host());
        for (int i = 0; i < sources.size() && !fullRequested; i++) {
            Path state = states.snapshot(sources.get(i).name());
            if (config.sources().get(i).incremental() != null && sources.get(i) instanceof IncrementalSource source
                    && Files.isRegularFile(state)) {
                Future<String> sha256 = source.readAhead(state);
                if (sha256 != null) {
                    ahead.put(source.name(), sha256);
                }
            }
        }
        return ahead;
    }

    /** The source's link in this run, decided and logged; null for a source stored whole every run. */
    Link link(BackupId id, Source source, SourceConfig sc, List<Target> targets) {
        if (sc.incremental() == null || !(source instanceof IncrementalSource incremental)) {
            return null;
        }
        ChainDecision.Facts facts = facts(source, incremental, targets);
        ChainDecision decision = ChainDecision.decide(id.toString(), source.name(), sc.incremental(), facts);
        log.info("source " + source.name() + ": " + decision.describe());
        Link link = linkOf(incremental, decision);
        links.put(source.name(), link);
        return link;
    }

    /**
     * The link {@link #link} decides when every target holds the set the snapshot state was taken
     * for, found without reaching a target, so that the source's dump can start while they are
     * reached; logged. Null for a source stored whole every run.
     */
    Link expected(BackupId id, Source source, SourceConfig sc) {
        if (sc.incremental() == null || !(source instanceof IncrementalSource incremental)) {
            return null;
        }
        ChainDecision decision = ChainDecision.expected(id.toString(), source.name(), sc.incremental(),
                facts(source, incremental, null));
        log.info("source " + source.name() + ": starting while the targets are checked, as " + decision.describe());
        return linkOf(incremental, decision);
    }

    /** The facts of the decision; {@code targets} null: what they hold is not read. */
    private ChainDecision.Facts facts(Source source, IncrementalSource incremental, List<Target> targets) {
        StateRead read = stateReads.computeIfAbsent(source.name(), name -> {
            try {
                return new StateRead(states.read(name, statesAhead.get(name)), null);
            } catch (IOException e) {
                return new StateRead(null, e.getMessage());
            }
        });
        boolean listTargets = targets != null && !fullRequested && read.state() != null;
        return new ChainDecision.Facts(fullRequested, read.state(), read.problem(), config.host(),
                incremental.chainKey(), now, listTargets ? newest(targets, source.name()) : List.of());
    }

    private Link linkOf(IncrementalSource source, ChainDecision decision) {
        return new Link(source, decision.increment(), decision.full() ? null : states.snapshot(source.name()),
                spool.resolve(".snapshot-" + source.name()), source.chainKey());
    }

    /** A source's snapshot state as read once per run, or why it could not be. */
    private record StateRead(ChainState state, String problem) {
    }

    /**
     * Makes each source's snapshot state this run's, when the set is committed on every target it
     * went to; otherwise keeps the earlier one, and the next run continues the chain the targets
     * hold or makes a full. A state that cannot be written is a warning: the next run makes a full.
     */
    void advance(Manifest manifest, boolean committedEverywhere, List<String> warnings) {
        if (links.isEmpty()) {
            return;
        }
        if (!committedEverywhere) {
            log.warn("snapshot states not advanced: the set is not committed on every target; the next run makes"
                    + " a full of each incremental source");
            return;
        }
        for (ComponentEntry c : manifest.components()) {
            Link link = links.get(c.name());
            if (link == null) {
                continue;
            }
            ComponentIncrement inc = c.incremental();
            try {
                // the hash is of the file as it is kept, which advance writes
                states.advance(new ChainState(config.host(), c.name(), manifest.id(), inc.level(), inc.base(),
                        link.chainKey(), null), link.nextState());
            } catch (IOException e) {
                String warning = "source " + c.name() + ": the snapshot state could not be written to "
                        + states.chainFile(c.name()).getParent() + " (" + e.getMessage() + "); the next run makes a full";
                log.warn(warning);
                warnings.add(warning);
            }
        }
    }

    private List<ChainDecision.NewestSet> newest(List<Target> targets, String source) {
        if (newest == null) {
            newest = new ArrayList<>();
            for (Target t : targets) {
                try {
                    List<BackupSets.BackupSet> sets = BackupSets.list(t, config.host()).stream()
                            .filter(BackupSets.BackupSet::complete).toList();
                    BackupSets.BackupSet last = sets.isEmpty() ? null : sets.get(sets.size() - 1);
                    newest.add(new ChainDecision.NewestSet(t.name(), last == null ? null : last.id().toString(),
                            null, null));
                    if (last != null) {
                        manifests.put(t.name(), last.manifest());
                    }
                } catch (TargetException e) {
                    newest.add(new ChainDecision.NewestSet(t.name(), null, null, e.getMessage()));
                }
            }
        }
        List<ChainDecision.NewestSet> forSource = new ArrayList<>();
        for (ChainDecision.NewestSet n : newest) {
            Manifest m = manifests.get(n.target());
            ComponentEntry c = m == null ? null
                    : m.components().stream().filter(e -> e.name().equals(source)).findFirst().orElse(null);
            forSource.add(new ChainDecision.NewestSet(n.target(), n.id(), c, n.problem()));
        }
        return forSource;
    }
}
