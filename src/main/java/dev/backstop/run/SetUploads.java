package dev.backstop.run;

import dev.backstop.commit.BackupSetCommitter;
import dev.backstop.commit.CommitReport;
import dev.backstop.commit.ComponentFile;
import dev.backstop.commit.PendingVerification;
import dev.backstop.commit.SetUpload;
import dev.backstop.core.BackupId;
import dev.backstop.core.ByteSize;
import dev.backstop.core.EventLog;
import dev.backstop.core.Manifest;
import dev.backstop.core.TargetException;
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
 * dumped (following its spool file as it grows), and finishes with the manifest; a second thread
 * of the lane verifies each stored component while the first uploads the next one. At most one
 * verification is pending per lane: the lane waits for it before it queues the next, and before
 * it finishes. A lane takes the component that is furthest along first (ended, else the most bytes
 * written), so that it follows the fastest dump while slower ones gather bytes, and the upload
 * left after the last dump is short. Lanes never wait for each other, so a slow or failing target
 * delays or fails only itself. The protocol on each target is {@link BackupSetCommitter}'s,
 * unchanged.
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
            lane.run("uploading a component", () -> lane.verifyLater(lane.upload.store(lane.takeFurthestAlong())));
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
            lane.run("finishing", () -> {
                if (lane.awaitVerification()) {
                    lane.report = lane.upload.finish(manifest);
                }
            });
        }
        Map<String, Result> results = new LinkedHashMap<>();
        for (Lane lane : lanes) {
            lane.awaitQueued();
            results.put(lane.target.name(), new Result(lane.report, lane.report == null ? lane.failureOrIncomplete() : null));
        }
        return results;
    }

    /** Stops every lane and removes the partial set of each target that did not commit. Idempotent. */
    @Override
    public void close() {
        for (Lane lane : lanes) {
            lane.executor.shutdownNow();
            lane.verifier.shutdownNow();
        }
        boolean interrupted = Thread.interrupted();
        for (Lane lane : lanes) {
            try {
                if (!lane.executor.awaitTermination(2, TimeUnit.MINUTES)
                        || !lane.verifier.awaitTermination(2, TimeUnit.MINUTES)) {
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

    /** One target's threads and what they got to; a failed lane skips everything after. */
    private final class Lane {
        final Target target;
        /** Begins, stores each component, finishes. */
        final ExecutorService executor;
        /** Verifies what the executor stored, while it stores the next component. */
        final ExecutorService verifier;
        final List<Future<?>> queued = java.util.Collections.synchronizedList(new ArrayList<>());
        // offered, not yet taken; one upload task is queued per component, and each takes the best of these
        final List<ComponentFile> pending = new ArrayList<>();
        volatile SetUpload upload;
        volatile CommitReport report;
        /** The verification queued last; only the executor's thread queues and awaits it. */
        private Future<?> verifying;
        private TargetException failure;

        Lane(Target target) {
            this.target = target;
            this.executor = thread("upload-" + target.name());
            this.verifier = thread("verify-" + target.name());
        }

        private static ExecutorService thread(String name) {
            return Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }

        void run(String what, Step step) {
            queued.add(executor.submit(() -> guarded(what, step)));
        }

        /**
         * Queues the verification of a stored component on the verifier, once the one queued
         * before has ended: so only one is pending while the next component is stored.
         */
        void verifyLater(PendingVerification stored) throws InterruptedException {
            if (!awaitVerification()) {
                return;
            }
            verifying = verifier.submit(() -> guarded("verifying " + stored.file(), () -> {
                var verified = stored.verify();
                log.info("target " + target.name() + ": " + stored.file() + " (" + ByteSize.human(verified.bytes())
                        + ") uploaded and verified (" + verified.verification().name().toLowerCase(java.util.Locale.ROOT)
                        .replace('_', '-') + ")");
            }));
            queued.add(verifying);
        }

        /** Waits for the verification queued last; false when the lane has failed. */
        boolean awaitVerification() throws InterruptedException {
            if (verifying != null) {
                try {
                    verifying.get();
                } catch (ExecutionException e) {
                    failed(new TargetException("target '" + target.name() + "': " + e.getCause(), e.getCause()));
                }
            }
            return failure() == null;
        }

        private void guarded(String what, Step step) {
            if (failure() != null) {
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
        }

        /** Keeps the first failure: with two threads, a later one is mostly the first seen again from the other. */
        private synchronized void failed(TargetException e) {
            if (failure == null) {
                failure = e;
                log.error("target " + target.name() + ": " + e.getMessage());
            }
        }

        private synchronized TargetException failure() {
            return failure;
        }

        TargetException failureOrIncomplete() {
            TargetException first = failure();
            return first != null ? first
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
