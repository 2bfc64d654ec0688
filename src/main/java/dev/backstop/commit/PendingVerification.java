package dev.backstop.commit;

import dev.backstop.core.ComponentEntry;
import dev.backstop.core.TargetException;
import dev.backstop.target.StoredFile;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A component stored in the partial set of a {@link SetUpload} whose stored copy is still to be
 * proven: size, then the storage's own hash or a read-back. {@link #verify} runs the proof once,
 * on any thread; {@link SetUpload#finish} runs it itself when no thread did, and waits for it when
 * one is running it.
 */
public final class PendingVerification {

    private final SetUpload upload;
    private final CommitSteps.Stored stored;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CompletableFuture<StoredFile> outcome = new CompletableFuture<>();

    PendingVerification(SetUpload upload, CommitSteps.Stored stored) {
        this.upload = upload;
        this.stored = stored;
    }

    /** The file name in the set. */
    public String file() {
        return stored.file();
    }

    /** The size and hash the stored copy must have. */
    ComponentEntry entry() {
        return stored.entry();
    }

    /**
     * Proves the stored copy.
     *
     * @return how it was proven
     * @throws TargetException      not verified, or the upload failed before or meanwhile (that
     *                              failure again); the partial set is removed
     * @throws InterruptedException after the partial set is removed
     * @throws IllegalStateException this file's verification was started already
     */
    public StoredFile verify() throws TargetException, InterruptedException {
        if (!claimed.compareAndSet(false, true)) {
            throw new IllegalStateException("the verification of " + stored.path() + " was started already");
        }
        return run();
    }

    /** The proven file, for {@link SetUpload#finish}: verified here when no thread started it, else awaited. */
    StoredFile verified() throws TargetException, InterruptedException {
        if (claimed.compareAndSet(false, true)) {
            return run();
        }
        CommitAttempt attempt = new CommitAttempt();
        attempt.step = "waiting for the verification of " + stored.path();
        return upload.step(attempt, () -> {
            try {
                return outcome.get();
            } catch (ExecutionException e) {
                // that thread cleaned up and reported it; this one reports the same failure
                throw upload.endedAlready();
            }
        });
    }

    private StoredFile run() throws TargetException, InterruptedException {
        CommitAttempt attempt = new CommitAttempt();
        try {
            StoredFile proven = upload.step(attempt,
                    () -> upload.steps().verify(attempt, stored, upload.state()::checkOpen));
            outcome.complete(proven);
            return proven;
        } catch (Throwable e) {
            // whatever ends this run, a finish waiting for it must not wait forever
            outcome.completeExceptionally(e);
            throw e;
        }
    }
}
