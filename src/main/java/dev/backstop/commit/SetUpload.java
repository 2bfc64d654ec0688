package dev.backstop.commit;

import dev.backstop.commit.CommitState.Phase;
import dev.backstop.core.BackupId;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.Manifest;
import dev.backstop.core.TargetException;
import dev.backstop.target.Mismatch;
import dev.backstop.target.StoredFile;
import dev.backstop.target.Target;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One commit of {@link BackupSetCommitter} in progress on one target, in the steps that let a run
 * send each component as soon as it is dumped: {@link BackupSetCommitter#begin} made
 * {@code <host>/.partial/<id>/}; {@link #store} writes one component there and hands back its
 * {@link PendingVerification}, which proves the stored copy; {@link #upload} does both;
 * {@link #finish} waits until every stored copy is proven, then writes SHA256SUMS and MANIFEST.json
 * last, renames once and confirms; {@link #abort} removes the partial set. The steps themselves are
 * {@link CommitSteps}; the guarantee is the committer's: nothing lies under the final name unless
 * the set is complete and verified.
 *
 * <p>One thread stores (and finishes) while another may verify what was stored before, so that the
 * read-back of one file overlaps the upload of the next. Any failure of a step, on either thread,
 * ends the upload ({@link CommitState}: the first end wins) and removes the partial set, once; a
 * step running on the other thread stops within one buffer, removes what it wrote since, and
 * throws that same failure, as does any later call. After {@link #abort} or a commit, later calls
 * are a caller bug: {@link IllegalStateException}.
 */
public final class SetUpload {

    private final Target target;
    private final BackupId id;
    private final CommitSteps steps;
    private final CommitState state = new CommitState();
    private final String what;
    private final long started = System.nanoTime();
    /** Stored components by file name, in the order stored; guarded by itself. */
    private final Map<String, PendingVerification> sent = new LinkedHashMap<>();

    SetUpload(Target target, String host, BackupId id) {
        this.target = target;
        this.id = id;
        this.steps = new CommitSteps(target, host, id);
        this.what = "target '" + target.name() + "' (" + target.type() + "): commit of backup " + id;
    }

    /** The target this upload goes to. */
    public Target target() {
        return target;
    }

    /** Refuses an existing final set, replaces a stale partial one, creates the partial directory. */
    void begin() throws TargetException, InterruptedException {
        CommitAttempt attempt = new CommitAttempt();
        step(attempt, () -> {
            if (steps.committedAlready()) {
                // checked before touching anything: a committed set is never overwritten or cleaned up
                state.refuse();
                throw new TargetException(what + " refused: " + steps.finalDir
                        + " already exists on the target; a committed set is never overwritten");
            }
            steps.createPartial(attempt);
            return null;
        });
    }

    /** {@link #upload(ComponentFile)} of a component whose dump has ended. */
    public StoredFile upload(ComponentEntry c, Path spool) throws TargetException, InterruptedException {
        return upload(ComponentFile.complete(c, spool));
    }

    /**
     * {@link #store} and then {@link PendingVerification#verify}, on this thread.
     *
     * @throws TargetException      not stored or not verified, or the dump failed; the partial set
     *                              is removed
     * @throws InterruptedException after the partial set is removed
     * @throws IllegalStateException the upload was aborted or committed, or the file was sent already
     */
    public StoredFile upload(ComponentFile component) throws TargetException, InterruptedException {
        return store(component).verify();
    }

    /**
     * Writes one component into the partial set while its dump may still run, then, once the
     * dump has ended, checks that the bytes sent are those its entry names. A target that can take
     * the finished spool file without copying it ({@link Target#storeByLink}) gets it that way
     * once the dump has ended. The stored copy is not verified yet: the returned
     * {@link PendingVerification} does that, on any thread, while this thread stores the next
     * component; {@link #finish} waits for it.
     *
     * @throws TargetException      not stored, or the dump failed, or the upload failed before
     *                              (that failure again); the partial set is removed
     * @throws InterruptedException after the partial set is removed
     * @throws IllegalStateException the upload was aborted or committed, or the file was sent already
     */
    public PendingVerification store(ComponentFile component) throws TargetException, InterruptedException {
        checkOpen();
        String file = component.file();
        synchronized (sent) {
            if (sent.containsKey(file)) {
                throw new IllegalStateException("component file " + file + " was already uploaded to " + steps.partial);
            }
        }
        CommitAttempt attempt = new CommitAttempt();
        return step(attempt, () -> {
            PendingVerification stored = new PendingVerification(this, steps.store(attempt, component, state::checkOpen));
            synchronized (sent) {
                // a failure on the verifying thread may have removed the partial set while this one wrote
                state.checkOpen();
                sent.put(file, stored);
            }
            return stored;
        });
    }

    /**
     * Completes the set once every stored copy is verified (running any verification no thread
     * started, waiting for one that runs): SHA256SUMS, then MANIFEST.json (its presence marks a
     * complete set), sync, one rename to the final name, confirmation there. Call it after the last
     * {@link #store} returned.
     *
     * @throws TargetException      not committed, or a verification failed; nothing is left under
     *                              either name
     * @throws InterruptedException after cleanup
     * @throws IllegalArgumentException the manifest names other components than those uploaded
     *                                  (a caller bug); the partial set is removed first
     */
    public CommitReport finish(Manifest manifest) throws TargetException, InterruptedException {
        checkOpen();
        Map<String, PendingVerification> stored;
        synchronized (sent) {
            stored = new LinkedHashMap<>(sent);
        }
        List<PendingVerification> inManifestOrder = new ArrayList<>();
        List<Manifest.SetFile> files = manifest.files();
        for (Manifest.SetFile f : files) {
            PendingVerification s = stored.get(f.file());
            if (s != null && s.entry().bytes() == f.bytes() && s.entry().sha256().equals(f.sha256())) {
                inManifestOrder.add(s);
            }
        }
        if (!manifest.id().equals(id.toString()) || inManifestOrder.size() != stored.size()
                || inManifestOrder.size() != files.size()) {
            abortQuietly();
            throw new IllegalArgumentException("manifest of " + manifest.id() + " with files "
                    + files.stream().map(Manifest.SetFile::file).toList() + " does not match the files uploaded to "
                    + steps.partial + ": " + stored.keySet());
        }
        List<StoredFile> proven = new ArrayList<>();
        for (PendingVerification s : inManifestOrder) {
            // nothing marks the set complete before every stored copy is proven
            proven.add(s.verified());
        }
        CommitAttempt attempt = new CommitAttempt();
        return step(attempt, () -> {
            steps.complete(attempt, manifest, proven, state::checkOpen);
            state.commit();
            long bytes = proven.stream().mapToLong(StoredFile::bytes).sum();
            return new CommitReport(target.name(), steps.finalDir, bytes, proven, Duration.ofNanos(System.nanoTime() - started));
        });
    }

    /**
     * Gives up: removes the partial set, unless the upload already ended (committed, or cleaned
     * up after a failure). A step running on another thread stops within one buffer and removes
     * what it wrote since. Idempotent; keeps the thread's interrupt.
     *
     * @throws TargetException the partial set could not be removed; the message says the next
     *                         run sweeps it
     */
    public void abort() throws TargetException {
        CommitAttempt attempt = new CommitAttempt();
        if (state.end(Phase.ABORTED, () -> attempt.cleanUp(target, what, steps.partial, "aborted", new IOException("aborted")))
                && attempt.cleanupFailed) {
            throw state.report();
        }
    }

    private void abortQuietly() {
        try {
            abort();
        } catch (TargetException ignored) {
            // the caller bug is the news; the next run sweeps the partial set
        }
    }

    /** One step of the commit: target calls that may fail in any of these ways. */
    interface Step<T> {
        T run() throws IOException, Mismatch, InterruptedException, TargetException;
    }

    /** The steps of the protocol, for {@link PendingVerification}. */
    CommitSteps steps() {
        return steps;
    }

    /** The state shared by this upload's threads, for {@link PendingVerification}. */
    CommitState state() {
        return state;
    }

    /** Runs a step; any failure ends the upload (the first one removes what the upload wrote). */
    <T> T step(CommitAttempt attempt, Step<T> step) throws TargetException, InterruptedException {
        try {
            return step.run();
        } catch (TargetException e) {
            // a failure seen again from another thread, or a refusal, has ended the upload already
            throw state.phase() == Phase.OPEN ? fail(attempt, e.getMessage(), e) : e;
        } catch (Mismatch e) {
            throw fail(attempt, e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || e instanceof ClosedByInterruptException) {
                throw interrupted(fail(attempt, "interrupted while " + attempt.step, e));
            }
            throw fail(attempt, "failed while " + attempt.step + ": " + CommitAttempt.describe(e), e);
        } catch (InterruptedException e) {
            throw interrupted(fail(attempt, "interrupted while " + attempt.step, e));
        }
    }

    /**
     * Ends the upload with its first failure, which removes the partial set. A step that fails after
     * another thread's failure (or an abort) ended the upload takes back what it wrote, since it may
     * have written it after that cleanup, and reports that first failure.
     */
    private TargetException fail(CommitAttempt attempt, String reason, Exception cause) {
        if (state.end(Phase.FAILED, () -> attempt.cleanUp(target, what, steps.partial, reason, cause))) {
            return state.report();
        }
        TargetException first = endedAlready();
        if (state.phase() != Phase.COMMITTED) {
            attempt.takeBack(target, first);
        }
        return first;
    }

    /** The failure that ended the upload, again: its message, and it as the cause. */
    TargetException endedAlready() {
        TargetException first = state.report();
        return first == null ? new TargetException(what + ": the upload already ended (" + state.phase().word() + ")")
                : new TargetException(first.getMessage(), first);
    }

    /** For a call that starts: a failed upload throws its failure again; an aborted or committed one is a caller bug. */
    private void checkOpen() throws TargetException {
        Phase now = state.phase();
        if (now == Phase.FAILED) {
            throw endedAlready();
        }
        if (now != Phase.OPEN) {
            throw new IllegalStateException(what + ": the upload already ended (" + now.word() + ")");
        }
    }

    /** The exception for an interrupt after cleanup; the cleanup's report is its cause. */
    private static InterruptedException interrupted(TargetException cleanup) {
        Thread.interrupted();
        InterruptedException e = new InterruptedException(cleanup.getMessage());
        e.initCause(cleanup);
        return e;
    }
}
