package dev.backstop.commit;

import dev.backstop.core.BackupId;
import dev.backstop.core.ByteSize;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.Manifest;
import dev.backstop.core.Sha256;
import dev.backstop.core.TargetException;
import dev.backstop.target.CheckedStream;
import dev.backstop.target.Mismatch;
import dev.backstop.target.StoredFile;
import dev.backstop.target.StoredFileCheck;
import dev.backstop.target.Target;
import dev.backstop.target.TargetPaths;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One commit of {@link BackupSetCommitter} in progress on one target, in the steps that let a run
 * send each component as soon as it is dumped: {@link BackupSetCommitter#begin} made
 * {@code <host>/.partial/<id>/}; {@link #store} writes one component there and hands back its
 * {@link PendingVerification}, which proves the stored copy; {@link #upload} does both;
 * {@link #finish} waits until every stored copy is proven, then writes SHA256SUMS and MANIFEST.json
 * last, renames once and confirms; {@link #abort} removes the partial set. The protocol and its
 * guarantee are the committer's: nothing lies under the final name unless the set is complete and
 * verified.
 *
 * <p>One thread stores (and finishes) while another may verify what was stored before, so that the
 * read-back of one file overlaps the upload of the next. Any failure of a step, on either thread,
 * removes the partial set and ends the upload; a step running on the other thread stops within one
 * buffer, removes what it wrote since, and throws that same failure, as does any later call. After
 * {@link #abort} or a commit, later calls are a caller bug: {@link IllegalStateException}.
 */
public final class SetUpload {

    private final Target target;
    private final String host;
    private final BackupId id;
    private final String partial;
    private final String finalDir;
    private final String what;
    private final long started = System.nanoTime();
    /** Stored components by file name, in the order stored; guarded by this. */
    private final Map<String, PendingVerification> sent = new LinkedHashMap<>();
    /** Null while open; then committed, refused, aborted or failed. Written under this, read anywhere. */
    private volatile String ended;
    /** Why a failed or aborted upload ended, with what its cleanup removed; guarded by this. */
    private TargetException endedBy;

    SetUpload(Target target, String host, BackupId id) {
        this.target = target;
        this.host = host;
        this.id = id;
        this.partial = BackupSetLayout.partialDir(host, id);
        this.finalDir = BackupSetLayout.finalDir(host, id);
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
            if (target.stat(finalDir).isPresent()) {
                // checked before touching anything: a committed set is never overwritten or cleaned up
                synchronized (this) {
                    ended = "refused";
                }
                throw new TargetException(what + " refused: " + finalDir
                        + " already exists on the target; a committed set is never overwritten");
            }
            attempt.step = "removing a stale " + partial;
            target.delete(partial);
            attempt.step = "creating " + partial;
            target.makeDirectories(partial);
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
        synchronized (this) {
            if (sent.containsKey(file)) {
                throw new IllegalStateException("component file " + file + " was already uploaded to " + partial);
            }
        }
        String path = partial + "/" + file;
        CommitAttempt attempt = new CommitAttempt();
        return step(attempt, () -> {
            checkInterrupt();
            ComponentEntry c = null;
            boolean linked = false;
            if (target.canStoreByLink(component.spool())) {
                // only a finished file is linked: the link is the stored copy from then on
                attempt.step = "waiting for the dump of " + file + " to end";
                c = component.awaitEntry();
                checkNotEnded();
                attempt.step = "linking " + component.spool() + " to " + path;
                linked = target.storeByLink(path, component.spool());
                if (!linked) {
                    c = null;
                }
            }
            if (c == null) {
                attempt.step = "uploading " + file + " to " + path;
                CheckedStream out;
                try (InputStream in = component.open()) {
                    out = new CheckedStream(in, this::checkNotEnded);
                    target.write(path, out);
                }
                attempt.step = "waiting for the dump of " + file + " to end";
                c = component.awaitEntry();
                if (out.count() != c.bytes() || !Sha256.matches(c.sha256(), out.sha256())) {
                    // the spool changed since the entry was made: storing it would store a lie
                    throw new Mismatch(file + ": the spool file " + component.spool() + " gave " + out.count()
                            + " bytes with SHA-256 " + out.sha256() + ", the manifest says " + c.bytes()
                            + " bytes with SHA-256 " + c.sha256());
                }
            }
            PendingVerification stored = new PendingVerification(file, path, c, linked ? component.spool() : null);
            synchronized (this) {
                // a failure on the verifying thread may have removed the partial set while this one wrote
                checkNotEnded();
                sent.put(file, stored);
            }
            return stored;
        });
    }

    /**
     * A component stored in the partial set whose stored copy is still to be proven: size, then the
     * storage's own hash or a read-back. {@link #verify} runs the proof once, on any thread;
     * {@link SetUpload#finish} runs it itself when no thread did, and waits for it when one is
     * running it.
     */
    public final class PendingVerification {

        private final String file;
        private final String path;
        private final ComponentEntry entry;
        /** The spool file when the stored copy is a hard link to it, else null. */
        private final Path linkedSpool;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CompletableFuture<StoredFile> outcome = new CompletableFuture<>();

        private PendingVerification(String file, String path, ComponentEntry entry, Path linkedSpool) {
            this.file = file;
            this.path = path;
            this.entry = entry;
            this.linkedSpool = linkedSpool;
        }

        /** The file name in the set. */
        public String file() {
            return file;
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
                throw new IllegalStateException("the verification of " + path + " was started already");
            }
            return run();
        }

        /** The proven file, for {@link #finish}: verified here when no thread started it, else awaited. */
        private StoredFile verified() throws TargetException, InterruptedException {
            if (claimed.compareAndSet(false, true)) {
                return run();
            }
            CommitAttempt attempt = new CommitAttempt();
            attempt.step = "waiting for the verification of " + path;
            return step(attempt, () -> {
                try {
                    return outcome.get();
                } catch (ExecutionException e) {
                    // that thread cleaned up and reported it; this one reports the same failure
                    throw endedAlready();
                }
            });
        }

        private StoredFile run() throws TargetException, InterruptedException {
            CommitAttempt attempt = new CommitAttempt();
            try {
                StoredFile stored = step(attempt, () -> {
                    checkNotEnded();
                    checkInterrupt();
                    attempt.step = "verifying " + path + " (" + ByteSize.human(entry.bytes()) + ")";
                    try {
                        return StoredFileCheck.verify(target, path, file, entry.bytes(), entry.sha256(),
                                SetUpload.this::checkNotEnded);
                    } catch (Mismatch e) {
                        throw linkedSpool == null ? e : new Mismatch(file + ": the spool file " + linkedSpool
                                + ", stored by a hard link, does not match the manifest: " + e.getMessage());
                    }
                });
                outcome.complete(stored);
                return stored;
            } catch (Throwable e) {
                // whatever ends this run, a finish waiting for it must not wait forever
                outcome.completeExceptionally(e);
                throw e;
            }
        }
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
        synchronized (this) {
            stored = new LinkedHashMap<>(sent);
        }
        List<PendingVerification> inManifestOrder = new ArrayList<>();
        for (ComponentEntry c : manifest.components()) {
            PendingVerification s = stored.get(c.file());
            if (s != null && s.entry.bytes() == c.bytes() && s.entry.sha256().equals(c.sha256())) {
                inManifestOrder.add(s);
            }
        }
        if (!manifest.id().equals(id.toString()) || inManifestOrder.size() != stored.size()
                || inManifestOrder.size() != manifest.components().size()) {
            abortQuietly();
            throw new IllegalArgumentException("manifest of " + manifest.id() + " with components "
                    + manifest.components().stream().map(ComponentEntry::file).toList() + " does not match the files uploaded to "
                    + partial + ": " + stored.keySet());
        }
        List<StoredFile> files = new ArrayList<>();
        for (PendingVerification s : inManifestOrder) {
            // nothing marks the set complete before every stored copy is proven
            files.add(s.verified());
        }
        CommitAttempt attempt = new CommitAttempt();
        return step(attempt, () -> {
            files.add(writeSmall(attempt, Manifest.SUMS_FILE_NAME, manifest.sha256Sums()));
            byte[] manifestJson = manifest.toJson();
            // last: its presence marks a complete set
            files.add(writeSmall(attempt, Manifest.FILE_NAME, manifestJson));
            attempt.step = "syncing " + partial;
            target.syncDirectory(partial);
            String datedParent = TargetPaths.parent(finalDir);
            attempt.step = "creating " + datedParent;
            target.makeDirectories(datedParent);
            attempt.step = "renaming " + partial + " to " + finalDir;
            checkInterrupt();
            target.rename(partial, finalDir);
            // only now is the final name ours to remove: a refused rename may mean another set holds it
            attempt.renamedTo = finalDir;
            attempt.step = "syncing " + datedParent + " and " + BackupSetLayout.partialRoot(host);
            target.syncDirectory(datedParent);
            target.syncDirectory(BackupSetLayout.partialRoot(host));
            attempt.step = "confirming " + finalDir;
            CommitAttempt.confirm(target, finalDir, files, manifestJson);
            synchronized (this) {
                ended = "committed";
            }
            long bytes = files.stream().mapToLong(StoredFile::bytes).sum();
            return new CommitReport(target.name(), finalDir, bytes, files, Duration.ofNanos(System.nanoTime() - started));
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
        TargetException cleanup;
        synchronized (this) {
            if (ended != null) {
                return;
            }
            ended = "aborted";
            cleanup = attempt.cleanUp(target, what, partial, "aborted", new IOException("aborted"));
            endedBy = cleanup;
        }
        if (attempt.cleanupFailed) {
            throw cleanup;
        }
    }

    private void abortQuietly() {
        try {
            abort();
        } catch (TargetException ignored) {
            // the caller bug is the news; the next run sweeps the partial set
        }
    }

    private StoredFile writeSmall(CommitAttempt attempt, String file, byte[] content)
            throws IOException, Mismatch, InterruptedException {
        checkInterrupt();
        String path = partial + "/" + file;
        attempt.step = "writing " + path;
        target.write(path, new ByteArrayInputStream(content));
        attempt.step = "verifying " + path;
        return StoredFileCheck.verify(target, path, file, content.length, Sha256.of(content));
    }

    private interface Step<T> {
        T run() throws IOException, Mismatch, InterruptedException, TargetException;
    }

    /** Runs a step; any failure removes what the upload wrote and ends it. */
    private <T> T step(CommitAttempt attempt, Step<T> step) throws TargetException, InterruptedException {
        try {
            return step.run();
        } catch (TargetException e) {
            synchronized (this) {
                if (ended == null) {
                    ended = "failed";
                }
            }
            throw e;
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
     * Ends the upload with its first failure and removes the partial set. A step that fails after
     * another thread's failure (or an abort) ended the upload removes the partial set once more,
     * since it may have written there since, and reports that first failure.
     */
    private synchronized TargetException fail(CommitAttempt attempt, String reason, Exception cause) {
        if (ended != null) {
            if (!ended.equals("committed")) {
                attempt.cleanUp(target, what, partial, reason, cause);
            }
            return endedAlready();
        }
        ended = "failed";
        endedBy = attempt.cleanUp(target, what, partial, reason, cause);
        return endedBy;
    }

    /** The failure that ended the upload, again: its message, and it as the cause. */
    private synchronized TargetException endedAlready() {
        return endedBy == null ? new TargetException(what + ": the upload already ended (" + ended + ")")
                : new TargetException(endedBy.getMessage(), endedBy);
    }

    /** For a call that starts: a failed upload throws its failure again; an aborted or committed one is a caller bug. */
    private synchronized void checkOpen() throws TargetException {
        if ("failed".equals(ended)) {
            throw endedAlready();
        }
        if (ended != null) {
            throw new IllegalStateException(what + ": the upload already ended (" + ended + ")");
        }
    }

    /** Thrown inside a step once the upload has ended on another thread; the step's failure then reports that end. */
    private static final class Ended extends IOException {
        private static final long serialVersionUID = 1L;

        Ended(String how) {
            super("stopped: the upload already ended (" + how + ")");
        }
    }

    private void checkNotEnded() throws Ended {
        String how = ended;
        if (how != null) {
            throw new Ended(how);
        }
    }

    private static void checkInterrupt() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
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
