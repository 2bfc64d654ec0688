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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one commit protocol of a backup set, for every target type (DESIGN.md, "A backup set, on
 * every target"): write into {@code <host>/.partial/<id>/}, verify every file, write SHA256SUMS
 * and then MANIFEST.json, sync, one rename into {@code <host>/<yyyy>/<MM>/<dd>/<id>/}, sync the
 * parents, confirm the final place. A target only supplies the primitives.
 *
 * <p>Guarantee: {@link #commit} returns only when the set is complete and verified under its final
 * name. When it throws, neither the partial set nor anything under the final name is left behind
 * (short of the target becoming unreachable during cleanup, which the message says; the next
 * run's {@link #sweepPartials} removes such leftovers). Stateless and safe to share.
 */
public final class BackupSetCommitter {

    /**
     * Commits one backup set to a target.
     *
     * @param host           the namespace below the target root
     * @param manifest       the set's manifest; its components name the files, sizes and hashes
     * @param componentFiles file name in the set to the spool file holding it; exactly the
     *                       manifest's component files
     * @return where the set went and how each file was verified
     * @throws TargetException      the set could not be stored and verified; the message names
     *                              the target, the file and what differed (sizes, hashes), or the
     *                              I/O error; nothing was left behind
     * @throws InterruptedException the thread was interrupted; cleanup is done before this is thrown
     * @throws IllegalArgumentException the manifest and the component files disagree (a caller bug)
     */
    public CommitReport commit(Target target, String host, Manifest manifest, Map<String, Path> componentFiles)
            throws TargetException, InterruptedException {
        BackupId id = BackupId.parse(manifest.id());
        checkComponents(manifest, componentFiles);
        String partial = BackupSetLayout.partialDir(host, id);
        String finalDir = BackupSetLayout.finalDir(host, id);
        String what = "target '" + target.name() + "' (" + target.type() + "): commit of backup " + id;
        long started = System.nanoTime();
        Attempt attempt = new Attempt();
        try {
            if (target.stat(finalDir).isPresent()) {
                // checked before touching anything: a committed set is never overwritten or cleaned up
                throw new TargetException(what + " refused: " + finalDir
                        + " already exists on the target; a committed set is never overwritten");
            }
            attempt.step = "removing a stale " + partial;
            target.delete(partial);
            attempt.step = "creating " + partial;
            target.makeDirectories(partial);
            List<StoredFile> stored = new ArrayList<>();
            for (ComponentEntry c : manifest.components()) {
                stored.add(upload(target, partial, c, componentFiles.get(c.file()), attempt));
            }
            stored.add(writeSmall(target, partial, Manifest.SUMS_FILE_NAME, manifest.sha256Sums(), attempt));
            byte[] manifestJson = manifest.toJson();
            // last: its presence marks a complete set
            stored.add(writeSmall(target, partial, Manifest.FILE_NAME, manifestJson, attempt));
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
            confirm(target, finalDir, stored, manifestJson);
            long bytes = stored.stream().mapToLong(StoredFile::bytes).sum();
            return new CommitReport(target.name(), finalDir, bytes, stored, Duration.ofNanos(System.nanoTime() - started));
        } catch (TargetException e) {
            throw e;
        } catch (Mismatch e) {
            throw attempt.fail(target, what, partial, e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || e instanceof ClosedByInterruptException) {
                throw interrupted(what, attempt.fail(target, what, partial, "interrupted while " + attempt.step, e));
            }
            throw attempt.fail(target, what, partial, "failed while " + attempt.step + ": " + describe(e), e);
        } catch (InterruptedException e) {
            throw interrupted(what, attempt.fail(target, what, partial, "interrupted while " + attempt.step, e));
        }
    }

    /**
     * Removes every in-flight set of a host ({@code <host>/.partial/*}), left by a run that was
     * killed, and the storage's incomplete uploads below it ({@link Target#discardIncompleteUploads}). Only safe while the caller holds the run lock, which proves no commit is in flight.
     * Idempotent.
     *
     * @return the removed paths, relative to the target root
     * @throws TargetException naming the target and the path that could not be removed
     */
    public List<String> sweepPartials(Target target, String host) throws TargetException {
        String root = BackupSetLayout.partialRoot(host);
        List<String> removed = new ArrayList<>();
        try {
            for (String upload : target.discardIncompleteUploads(root)) {
                removed.add(upload + " (an incomplete upload)");
            }
            for (FileInfo entry : target.list(root)) {
                String path = root + "/" + entry.name();
                target.delete(path);
                removed.add(path);
            }
            return removed;
        } catch (IOException e) {
            throw new TargetException("target '" + target.name() + "' (" + target.type()
                    + "): cannot sweep leftover partial sets under " + root + ": " + describe(e), e);
        }
    }

    private static StoredFile upload(Target target, String dir, ComponentEntry c, Path spool, Attempt attempt)
            throws IOException, Mismatch, InterruptedException {
        checkInterrupt();
        String path = dir + "/" + c.file();
        attempt.step = "uploading " + c.file() + " (" + ByteSize.human(c.bytes()) + ") to " + path;
        CheckedStream sent;
        try (InputStream in = Files.newInputStream(spool)) {
            sent = new CheckedStream(in);
            target.write(path, sent);
        }
        if (sent.count() != c.bytes() || !Sha256.matches(c.sha256(), sent.sha256())) {
            // the spool changed since the manifest was made: storing it would store a lie
            throw new Mismatch(c.file() + ": the spool file " + spool + " has " + sent.count() + " bytes with SHA-256 "
                    + sent.sha256() + ", the manifest says " + c.bytes() + " bytes with SHA-256 " + c.sha256());
        }
        checkInterrupt();
        attempt.step = "verifying " + path;
        return StoredFileCheck.verify(target, path, c.file(), c.bytes(), c.sha256());
    }

    private static StoredFile writeSmall(Target target, String dir, String file, byte[] content, Attempt attempt)
            throws IOException, Mismatch, InterruptedException {
        checkInterrupt();
        String path = dir + "/" + file;
        attempt.step = "writing " + path;
        target.write(path, new ByteArrayInputStream(content));
        attempt.step = "verifying " + path;
        return StoredFileCheck.verify(target, path, file, content.length, Sha256.of(content));
    }

    /** The final place holds every file with its size, and the manifest reads back byte for byte. */
    private static void confirm(Target target, String finalDir, List<StoredFile> stored, byte[] manifestJson)
            throws IOException, Mismatch {
        for (StoredFile f : stored) {
            String path = finalDir + "/" + f.file();
            var info = target.stat(path);
            if (info.isEmpty() || info.get().directory() || info.get().size() != f.bytes()) {
                throw new Mismatch(f.file() + " after the rename: expected " + f.bytes() + " bytes at " + path + ", found "
                        + info.map(i -> i.directory() ? "a directory" : i.size() + " bytes").orElse("nothing"));
            }
        }
        byte[] back;
        try (InputStream in = target.read(finalDir + "/" + Manifest.FILE_NAME)) {
            back = in.readAllBytes();
        }
        if (!Arrays.equals(back, manifestJson)) {
            throw new Mismatch(Manifest.FILE_NAME + " after the rename differs from the one written (" + back.length
                    + " bytes read, " + manifestJson.length + " written)");
        }
    }

    private static void checkComponents(Manifest manifest, Map<String, Path> componentFiles) {
        Set<String> names = new HashSet<>();
        for (ComponentEntry c : manifest.components()) {
            String file = c.file();
            if (file == null || file.isEmpty() || file.contains("/") || file.startsWith(".")
                    || file.equals(Manifest.FILE_NAME) || file.equals(Manifest.SUMS_FILE_NAME) || !names.add(file)) {
                throw new IllegalArgumentException("unusable or duplicate component file name in manifest: '" + file + "'");
            }
        }
        if (!names.equals(componentFiles.keySet())) {
            throw new IllegalArgumentException("component files " + componentFiles.keySet()
                    + " do not match the manifest's " + names);
        }
    }

    private static void checkInterrupt() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** The exception for an interrupt after cleanup; the cleanup's report is its cause. */
    private static InterruptedException interrupted(String what, TargetException cleanup) {
        Thread.interrupted();
        InterruptedException e = new InterruptedException(cleanup.getMessage());
        e.initCause(cleanup);
        return e;
    }

    static String describe(Exception e) {
        String message = e.getMessage();
        if (e.getClass() == IOException.class && message != null) {
            return message;
        }
        // NoSuchFileException and friends carry only a path as message: the class says what happened
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Where a commit got to, so that a failure removes exactly what it left. */
    private static final class Attempt {
        String step = "starting";
        String renamedTo;

        /** Removes what this attempt wrote and builds the exception that says what happened. */
        TargetException fail(Target target, String what, String partial, String reason, Exception cause) {
            // an interrupt must not stop the cleanup itself; the caller reports it afterwards
            boolean interrupted = Thread.interrupted();
            StringBuilder message = new StringBuilder(what).append(": ").append(reason);
            List<String> removed = new ArrayList<>();
            for (String path : renamedTo == null ? List.of(partial) : List.of(partial, renamedTo)) {
                try {
                    target.delete(path);
                    removed.add(path);
                } catch (IOException | RuntimeException e) {
                    cause.addSuppressed(e);
                    message.append("; could not remove ").append(path).append(" (").append(describe(e))
                            .append("), the next run sweeps it");
                }
            }
            if (!removed.isEmpty()) {
                message.append("; removed ").append(String.join(" and ", removed));
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return new TargetException(message.toString(), cause);
        }
    }
}
