package dev.backstop.run;

import dev.backstop.commit.BackupSetCommitter;
import dev.backstop.commit.CommitReport;
import dev.backstop.commit.ComponentFile;
import dev.backstop.core.BackupId;
import dev.backstop.core.EventLog;
import dev.backstop.core.Manifest;
import dev.backstop.core.TargetException;
import dev.backstop.target.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The commit of one backup set to every target at once, overlapping the dumps: each target has
 * one {@link TargetLane}, a thread that begins its partial set, uploads each component while it is
 * being dumped (following its spool file as it grows), and finishes with the manifest; a second
 * thread of the lane verifies each stored component while the first uploads the next one. A lane
 * takes the component that is furthest along first (ended, else the most bytes written), so that
 * it follows the fastest dump while slower ones gather bytes, and the upload left after the last
 * dump is short. Lanes never wait for each other, so a slow or failing target delays or fails only
 * itself. The protocol on each target is {@link BackupSetCommitter}'s, unchanged.
 *
 * <p>With encryption, a target stores the sealed spool files, or (with {@code encrypt: false})
 * those in the clear: each lane takes only the files of its kind, and finishes with the manifest
 * that describes them.
 *
 * <p>{@link #close} stops every lane and removes every partial set that was not committed: the
 * run calls it whatever happened, so a failed source leaves no partial set anywhere.
 */
final class SetUploads implements AutoCloseable {

    /** How long {@link #close} waits for a lane's threads to stop. */
    private static final long STOP_MINUTES = 2;

    /** The outcome of one target: a report, or why it failed. */
    record Result(CommitReport report, TargetException failure) {
    }

    private final List<TargetLane> lanes = new ArrayList<>();
    private final EventLog log;

    /** Starts a lane per target, all storing the same files; each begins its partial set right away. */
    SetUploads(List<Target> targets, String host, BackupId id, EventLog log) {
        this(targets, java.util.Set.of(), host, id, log);
    }

    /**
     * Starts a lane per target; each begins its partial set right away.
     *
     * @param sealedTargets names of the targets that store the sealed files; the others store
     *                      those in the clear
     */
    SetUploads(List<Target> targets, java.util.Set<String> sealedTargets, String host, BackupId id, EventLog log) {
        this.log = log;
        for (Target target : targets) {
            lanes.add(new TargetLane(target, sealedTargets.contains(target.name()), host, id, log));
        }
    }

    /** Offers a component whose dump has started to every target still in the run; any thread. */
    void send(ComponentFile component) {
        for (TargetLane lane : lanes) {
            lane.offer(component);
        }
    }

    /** Offers a spool file whose dump has started to the targets that store its kind; any thread. */
    void send(ComponentFile component, boolean sealed) {
        for (TargetLane lane : lanes) {
            if (lane.sealed == sealed) {
                lane.offer(component);
            }
        }
    }

    /**
     * Finishes every target with {@code manifest} and waits for all of them.
     *
     * @return per target name, in target order, its report or its failure
     * @throws InterruptedException while waiting; {@link #close} then cleans up
     */
    Map<String, Result> finish(Manifest manifest) throws InterruptedException {
        return finish(manifest, manifest);
    }

    /**
     * As {@link #finish(Manifest)}: the targets that store the sealed files finish with
     * {@code sealed}, the others with {@code clear}.
     */
    Map<String, Result> finish(Manifest clear, Manifest sealed) throws InterruptedException {
        for (TargetLane lane : lanes) {
            lane.finishWith(lane.sealed ? sealed : clear);
        }
        Map<String, Result> results = new LinkedHashMap<>();
        for (TargetLane lane : lanes) {
            results.put(lane.target.name(), lane.result());
        }
        return results;
    }

    /** Stops every lane and removes the partial set of each target that did not commit. Idempotent. */
    @Override
    public void close() {
        for (TargetLane lane : lanes) {
            lane.stop();
        }
        boolean interrupted = Thread.interrupted();
        for (TargetLane lane : lanes) {
            try {
                if (!lane.awaitStopped(STOP_MINUTES)) {
                    log.warn("target " + lane.target.name() + ": upload did not stop within " + STOP_MINUTES
                            + " minutes; the next run sweeps its partial set");
                    continue;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            try {
                lane.abort();
            } catch (TargetException e) {
                log.warn(e.getMessage());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
