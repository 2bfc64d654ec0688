package dev.backstop.run;

import dev.backstop.core.BackupId;
import dev.backstop.core.ByteSize;
import dev.backstop.core.EventLog;
import dev.backstop.core.Manifest;
import dev.backstop.core.TargetException;
import dev.backstop.target.BackupSetCommitter;
import dev.backstop.target.CommitReport;
import dev.backstop.target.ComponentFile;
import dev.backstop.target.SetUpload;
import dev.backstop.target.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The commit of one backup set to every target at once, overlapping the dumps: each target has
 * one lane (a thread) that begins its partial set, uploads each component while it is being
 * dumped (following its spool file as it grows) and verifies it once the dump has ended, and
 * finishes with the manifest. A lane takes the component that is furthest along first (ended,
 * else the most bytes written), so that it follows the fastest dump while slower ones gather
 * bytes, and the upload left after the last dump is short. Lanes never wait for each other, so a slow or
 * failing target delays or fails only itself. The protocol on each target is
 * {@link BackupSetCommitter}'s, unchanged.
 *
 * <p>{@link #close} stops every lane and removes every partial set that was not committed: the
 * run calls it whatever happened, so a failed source leaves no partial set anywhere.
 */
final class SetUploads implements AutoCloseable {

    private static final BackupSetCommitter COMMITTER = new BackupSetCommitter();
    /** Bytes a dump must have written before a lane commits to following it. */
    private static final long HEAD_START = 4L << 20;

    /** The outcome of one target: a report, or why it failed. */
    record Result(CommitReport report, TargetException failure) {
    }

    private final List<Lane> lanes = new ArrayList<>();
    private final EventLog log;

    /** Starts a lane per target; each begins its partial set right away. */
    SetUploads(List<Target> targets, String host, BackupId id, EventLog log) {
        this.log = log;
        for (Target target : targets) {
            Lane lane = new Lane(target);
            lanes.add(lane);
            lane.run("beginning", () -> lane.upload = COMMITTER.begin(target, host, id));
        }
    }

    /** Queues a component whose dump has started for every target still in the run; any thread. */
    void send(ComponentFile component) {
        for (Lane lane : lanes) {
            synchronized (lane.pending) {
                lane.pending.add(component);
            }
            lane.run("uploading a component", () -> {
                ComponentFile next = lane.takeFurthestAlong();
                var stored = lane.upload.upload(next);
                log.info("target " + lane.target.name() + ": " + next.file() + " (" + ByteSize.human(stored.bytes())
                        + ") uploaded and verified (" + stored.verification().name().toLowerCase(java.util.Locale.ROOT)
                        .replace('_', '-') + ")");
            });
        }
    }

    /**
     * Finishes every target with {@code manifest} and waits for all of them.
     *
     * @return per target name, in target order, its report or its failure
     * @throws InterruptedException while waiting; {@link #close} then cleans up
     */
    Map<String, Result> finish(Manifest manifest) throws InterruptedException {
        for (Lane lane : lanes) {
            lane.run("finishing", () -> lane.report = lane.upload.finish(manifest));
        }
        Map<String, Result> results = new LinkedHashMap<>();
        for (Lane lane : lanes) {
            lane.awaitQueued();
            results.put(lane.target.name(), new Result(lane.report, lane.report == null ? lane.failure() : null));
        }
        return results;
    }

    /** Stops every lane and removes the partial set of each target that did not commit. Idempotent. */
    @Override
    public void close() {
        for (Lane lane : lanes) {
            lane.executor.shutdownNow();
        }
        boolean interrupted = Thread.interrupted();
        for (Lane lane : lanes) {
            try {
                if (!lane.executor.awaitTermination(2, TimeUnit.MINUTES)) {
                    log.warn("target " + lane.target.name() + ": upload did not stop within 2 minutes; the next run sweeps"
                            + " its partial set");
                    continue;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (lane.upload != null) {
                try {
                    lane.upload.abort();
                } catch (TargetException e) {
                    log.warn(e.getMessage());
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private interface Step {
        void run() throws TargetException, InterruptedException;
    }

    /** One target's thread and what it got to; a failed lane skips everything after. */
    private final class Lane {
        final Target target;
        final ExecutorService executor;
        final List<Future<?>> queued = java.util.Collections.synchronizedList(new ArrayList<>());
        // offered, not yet taken; one upload task is queued per component, and each takes the best of these
        final List<ComponentFile> pending = new ArrayList<>();
        volatile SetUpload upload;
        volatile CommitReport report;
        private volatile TargetException failure;

        Lane(Target target) {
            this.target = target;
            this.executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "upload-" + target.name());
                t.setDaemon(true);
                return t;
            });
        }

        void run(String what, Step step) {
            queued.add(executor.submit(() -> {
                if (failure != null) {
                    return;
                }
                try {
                    step.run();
                } catch (TargetException e) {
                    failed(e);
                } catch (InterruptedException e) {
                    failed(new TargetException("target '" + target.name() + "': interrupted while " + what
                            + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e));
                } catch (RuntimeException e) {
                    failed(new TargetException("target '" + target.name() + "': " + what + " failed: " + e, e));
                }
            }));
        }

        private void failed(TargetException e) {
            failure = e;
            log.error("target " + target.name() + ": " + e.getMessage());
        }

        TargetException failure() {
            return failure != null ? failure
                    : new TargetException("target '" + target.name() + "': the commit did not complete");
        }

        /**
         * The pending component to upload next: one whose dump has ended, else the one with the
         * most bytes once it has a few, since that dump produces fastest. Waits briefly while every
         * pending dump has only just begun.
         */
        ComponentFile takeFurthestAlong() throws InterruptedException {
            while (true) {
                synchronized (pending) {
                    ComponentFile best = null;
                    for (ComponentFile c : pending) {
                        if (c.ended()) {
                            best = c;
                            break;
                        }
                        if (best == null || c.bytesSoFar() > best.bytesSoFar()) {
                            best = c;
                        }
                    }
                    if (best != null && (best.ended() || best.bytesSoFar() >= HEAD_START)) {
                        pending.remove(best);
                        return best;
                    }
                }
                Thread.sleep(20);
            }
        }

        void awaitQueued() throws InterruptedException {
            for (Future<?> f : List.copyOf(queued)) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    failed(new TargetException("target '" + target.name() + "': " + e.getCause(), e.getCause()));
                }
            }
        }
    }
}
