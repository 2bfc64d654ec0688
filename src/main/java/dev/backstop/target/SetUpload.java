package dev.backstop.target;

import dev.backstop.core.BackupId;
import dev.backstop.core.ByteSize;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.Manifest;
import dev.backstop.core.Sha256;
import dev.backstop.core.TargetException;
import dev.backstop.target.CommitReport.StoredFile;
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

/**
 * One commit of {@link BackupSetCommitter} in progress on one target, in the steps that let a run
 * send each component as soon as it is dumped: {@link BackupSetCommitter#begin} made
 * {@code <host>/.partial/<id>/}; {@link #upload} writes and verifies one component there;
 * {@link #finish} writes SHA256SUMS and MANIFEST.json last, renames once and confirms; {@link #abort}
 * removes the partial set. The protocol and its guarantee are the committer's: nothing lies under
 * the final name unless the set is complete and verified.
 *
 * <p>Any failure of a step removes the partial set and ends the upload: later calls throw. Not
 * thread-safe: one caller at a time (the calls may come from different threads in turn).
 */
public final class SetUpload {

    private final Target target;
    private final String host;
    private final BackupId id;
    private final String partial;
    private final String finalDir;
    private final String what;
    private final long started = System.nanoTime();
    private final CommitAttempt attempt = new CommitAttempt();
    private final Map<String, Sent> sent = new LinkedHashMap<>();
    private String ended;

    private record Sent(ComponentEntry component, StoredFile stored) {
    }

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
        step(() -> {
            if (target.stat(finalDir).isPresent()) {
                // checked before touching anything: a committed set is never overwritten or cleaned up
                ended = "refused";
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
     * Writes one component into the partial set while its dump may still run, then, once the
     * dump has ended, checks that the bytes sent are those its entry names and verifies the stored
     * copy (size, then storage hash or read-back). A target that can take the finished spool file
     * without copying it ({@link Target#storeByLink}) gets it that way once the dump has ended.
     *
     * @throws TargetException      not stored or not verified, or the dump failed; the partial set
     *                              is removed
     * @throws InterruptedException after the partial set is removed
     * @throws IllegalStateException the upload already ended, or the file was sent already
     */
    public StoredFile upload(ComponentFile component) throws TargetException, InterruptedException {
        checkOpen();
        String file = component.file();
        if (sent.containsKey(file)) {
            throw new IllegalStateException("component file " + file + " was already uploaded to " + partial);
        }
        ComponentEntry[] entry = new ComponentEntry[1];
        StoredFile stored = step(() -> {
            checkInterrupt();
            String path = partial + "/" + file;
            attempt.step = "uploading " + file + " to " + path;
            ComponentEntry c = null;
            boolean linked = false;
            if (target.canStoreByLink(component.spool())) {
                // only a finished file is linked: the link is the stored copy from then on
                attempt.step = "waiting for the dump of " + file + " to end";
                c = component.awaitEntry();
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
                    out = new CheckedStream(in);
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
            entry[0] = c;
            checkInterrupt();
            attempt.step = "verifying " + path + " (" + ByteSize.human(c.bytes()) + ")";
            try {
                return StoredFileCheck.verify(target, path, file, c.bytes(), c.sha256());
            } catch (Mismatch e) {
                throw linked ? new Mismatch(file + ": the spool file " + component.spool() + ", stored by a hard link,"
                        + " does not match the manifest: " + e.getMessage()) : e;
            }
        });
        sent.put(file, new Sent(entry[0], stored));
        return stored;
    }

    /**
     * Completes the set: SHA256SUMS, then MANIFEST.json (its presence marks a complete set), sync,
     * one rename to the final name, confirmation there.
     *
     * @throws TargetException      not committed; nothing is left under either name
     * @throws InterruptedException after cleanup
     * @throws IllegalArgumentException the manifest names other components than those uploaded
     *                                  (a caller bug); the partial set is removed first
     */
    public CommitReport finish(Manifest manifest) throws TargetException, InterruptedException {
        checkOpen();
        List<StoredFile> stored = new ArrayList<>();
        for (ComponentEntry c : manifest.components()) {
            Sent s = sent.get(c.file());
            if (s != null && s.component().bytes() == c.bytes() && s.component().sha256().equals(c.sha256())) {
                stored.add(s.stored());
            }
        }
        if (!manifest.id().equals(id.toString()) || stored.size() != sent.size()
                || stored.size() != manifest.components().size()) {
            abortQuietly();
            throw new IllegalArgumentException("manifest of " + manifest.id() + " with components "
                    + manifest.components().stream().map(ComponentEntry::file).toList() + " does not match the files uploaded to "
                    + partial + ": " + sent.keySet());
        }
        return step(() -> {
            stored.add(writeSmall(Manifest.SUMS_FILE_NAME, manifest.sha256Sums()));
            byte[] manifestJson = manifest.toJson();
            // last: its presence marks a complete set
            stored.add(writeSmall(Manifest.FILE_NAME, manifestJson));
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
            CommitAttempt.confirm(target, finalDir, stored, manifestJson);
            ended = "committed";
            long bytes = stored.stream().mapToLong(StoredFile::bytes).sum();
            return new CommitReport(target.name(), finalDir, bytes, stored, Duration.ofNanos(System.nanoTime() - started));
        });
    }

    /**
     * Gives up: removes the partial set, unless the upload already ended (committed, or cleaned
     * up after a failure). Idempotent; keeps the thread's interrupt.
     *
     * @throws TargetException the partial set could not be removed; the message says the next
     *                         run sweeps it
     */
    public void abort() throws TargetException {
        if (ended != null) {
            return;
        }
        ended = "aborted";
        TargetException e = attempt.cleanUp(target, what, partial, "aborted", new IOException("aborted"));
        if (attempt.cleanupFailed) {
            throw e;
        }
    }

    private void abortQuietly() {
        try {
            abort();
        } catch (TargetException ignored) {
            // the caller bug is the news; the next run sweeps the partial set
        }
    }

    private StoredFile writeSmall(String file, byte[] content) throws IOException, Mismatch, InterruptedException {
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
    private <T> T step(Step<T> step) throws TargetException, InterruptedException {
        try {
            return step.run();
        } catch (TargetException e) {
            if (ended == null) {
                ended = "failed";
            }
            throw e;
        } catch (Mismatch e) {
            throw fail(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || e instanceof ClosedByInterruptException) {
                throw interrupted(fail("interrupted while " + attempt.step, e));
            }
            throw fail("failed while " + attempt.step + ": " + CommitAttempt.describe(e), e);
        } catch (InterruptedException e) {
            throw interrupted(fail("interrupted while " + attempt.step, e));
        }
    }

    private TargetException fail(String reason, Exception cause) {
        ended = "failed";
        return attempt.cleanUp(target, what, partial, reason, cause);
    }

    private void checkOpen() {
        if (ended != null) {
            throw new IllegalStateException(what + ": the upload already ended (" + ended + ")");
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
