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
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One target's part of {@link SetUploads}: a thread that begins the partial set, stores each
 * offered component (the one furthest along first) and finishes with the manifest once the run
 * knows it; and a second thread that verifies each stored component while the first stores the
 * next. At most one verification is pending: the lane waits for it before it starts the next one,
 * and before it finishes. The first failure ends the lane; everything after is skipped.
 */
final class TargetLane {

    private static final BackupSetCommitter COMMITTER = new BackupSetCommitter();
    /** Bytes a dump must have written before a lane commits to following it. */
    private static final long HEAD_START = 4L << 20;

    final Target target;
    /** Whether the target stores the sealed spool files, not those in the clear. */
    final boolean sealed;
    private final EventLog log;
    /** Begins, stores each component, finishes. */
    private final ExecutorService uploader;
    /** Verifies what the uploader stored, while it stores the next component. */
    private final ExecutorService verifier;
    private final Offers offers = new Offers();
    private final Future<CommitReport> work;
    private volatile SetUpload upload;
    /** What the uploader does, for the message of an interrupt; only the uploader writes it. */
    private volatile String doing = "beginning";
    /** The verification started last; the uploader starts and awaits it, {@link #result} once the uploader ended. */
    private Future<?> verifying;
    private TargetException failure;
    /** Set by {@link #stop}: what fails afterwards is the stop itself, not the target. */
    private volatile boolean stopped;
    /** The component the uploader stores; only the uploader writes it. */
    private volatile ComponentFile storing;

    /** Starts the lane: it begins its partial set right away. */
    TargetLane(Target target, boolean sealed, String host, BackupId id, EventLog log) {
        this.target = target;
        this.sealed = sealed;
        this.log = log;
        this.uploader = thread("upload-" + target.name());
        this.verifier = thread("verify-" + target.name());
        this.work = uploader.submit(() -> guarded(() -> doing, () -> commit(host, id)));
    }

    private static ExecutorService thread(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Offers a component whose dump has started; any thread. */
    void offer(ComponentFile component) {
        offers.add(component);
    }

    /** Tells the lane that every component was offered, and the manifest to finish with. */
    void finishWith(Manifest manifest) {
        offers.close(manifest);
    }

    /** Waits for the lane to end: its report, or why it failed. */
    SetUploads.Result result() throws InterruptedException {
        CommitReport report = awaitQuietly(work);
        awaitQuietly(verifying);
        return new SetUploads.Result(report, report == null ? failureOrIncomplete() : null);
    }

    /** Interrupts both threads; {@link #awaitStopped} then waits for them. */
    void stop() {
        stopped = true;
        uploader.shutdownNow();
        verifier.shutdownNow();
    }

    /** False when a thread of the lane still runs after {@code minutes}. */
    boolean awaitStopped(long minutes) throws InterruptedException {
        return uploader.awaitTermination(minutes, TimeUnit.MINUTES) && verifier.awaitTermination(minutes, TimeUnit.MINUTES);
    }

    /** Removes the partial set unless the set was committed; see {@link SetUpload#abort}. */
    void abort() throws TargetException {
        if (upload != null) {
            upload.abort();
        }
    }

    private interface Work<T> {
        T run() throws TargetException, InterruptedException;
    }

    /** The uploader's work, from the partial set to the commit. */
    private CommitReport commit(String host, BackupId id) throws TargetException, InterruptedException {
        upload = COMMITTER.begin(target, host, id);
        while (true) {
            ComponentFile next;
            try {
                doing = "waiting for a component";
                next = offers.takeFurthestAlong();
            } catch (InterruptedException e) {
                // only close() interrupts a lane that waits for work, and it removes the partial set itself
                return null;
            }
            if (next == null) {
                break;
            }
            doing = "uploading a component";
            storing = next;
            PendingVerification stored = upload.store(next);
            if (!awaitVerification()) {
                return null;
            }
            verifying = verifier.submit(() -> guarded(() -> "verifying " + stored.file(), () -> verify(stored)));
        }
        doing = "finishing";
        return awaitVerification() ? upload.finish(offers.manifest()) : null;
    }

    private Void verify(PendingVerification stored) throws TargetException, InterruptedException {
        var verified = stored.verify();
        log.info("target " + target.name() + ": " + stored.file() + " (" + ByteSize.human(verified.bytes())
                + ") uploaded and verified (" + verified.verification().name().toLowerCase(Locale.ROOT).replace('_', '-')
                + ")");
        return null;
    }

    /** Waits for the verification started last; false when the lane has failed. */
    private boolean awaitVerification() throws InterruptedException {
        awaitQuietly(verifying);
        return failure() == null;
    }

    /** Runs work of the lane, unless it failed before; a failure becomes the lane's. */
    private <T> T guarded(Supplier<String> what, Work<T> work) {
        if (failure() != null) {
            return null;
        }
        try {
            return work.run();
        } catch (TargetException e) {
            failed(e);
        } catch (InterruptedException e) {
            failed(new TargetException("target '" + target.name() + "': interrupted while " + what.get()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e));
        } catch (RuntimeException e) {
            failed(new TargetException("target '" + target.name() + "': " + what.get() + " failed: " + e, e));
        }
        return null;
    }

    private <T> T awaitQuietly(Future<T> f) throws InterruptedException {
        if (f == null) {
            return null;
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            failed(new TargetException("target '" + target.name() + "': " + e.getCause(), e.getCause()));
            return null;
        }
    }

    /** Keeps the first failure: with two threads, a later one is mostly the first seen again from the other. */
    private synchronized void failed(TargetException e) {
        if (failure == null) {
            failure = e;
            if (stopped || dumpFailed(storing)) {
                // the run ends for another reason, which it reports; the target did nothing wrong
                log.info("target " + target.name() + ": upload stopped, the run ends without this backup");
            } else {
                String prefix = "target '" + target.name() + "': ";
                String why = e.getMessage() != null && e.getMessage().startsWith(prefix)
                        ? e.getMessage().substring(prefix.length()) : e.getMessage();
                log.error("target " + target.name() + ": " + why);
            }
        }
    }

    /** True when {@code component}'s dump ended without an entry: its source failed, not the target. */
    private static boolean dumpFailed(ComponentFile component) {
        if (component == null || !component.ended()) {
            return false;
        }
        try {
            component.awaitEntry();
            return false;
        } catch (IOException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized TargetException failure() {
        return failure;
    }

    private TargetException failureOrIncomplete() {
        TargetException first = failure();
        return first != null ? first : new TargetException("target '" + target.name() + "': the commit did not complete");
    }

    /**
     * The components offered to the lane and not taken yet, and the manifest once no more come:
     * what the uploader waits for. It wakes when a component is offered, when one gets its head
     * start or ends, and when the manifest comes.
     */
    private static final class Offers {
        private final List<ComponentFile> pending = new ArrayList<>();
        private Manifest manifest;

        synchronized void add(ComponentFile component) {
            pending.add(component);
            notifyAll();
            component.whenAtLeast(HEAD_START).whenComplete((ignored, failure) -> wake());
        }

        synchronized void close(Manifest manifest) {
            this.manifest = manifest;
            notifyAll();
        }

        synchronized Manifest manifest() {
            return manifest;
        }

        private synchronized void wake() {
            notifyAll();
        }

        /**
         * The component to store next: one whose dump has ended, else the one with the most bytes
         * once it has a head start, since that dump produces fastest. Waits while every pending dump
         * has only just begun. Null once none is pending and the manifest says none will come.
         */
        synchronized ComponentFile takeFurthestAlong() throws InterruptedException {
            while (true) {
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
                if (best == null && manifest != null) {
                    return null;
                }
                wait();
            }
        }
    }
}
