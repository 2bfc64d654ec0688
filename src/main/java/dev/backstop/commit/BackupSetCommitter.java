package dev.backstop.commit;

import dev.backstop.core.BackupId;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.Manifest;
import dev.backstop.core.SourceFacts;
import dev.backstop.core.TargetException;
import dev.backstop.target.FileInfo;
import dev.backstop.target.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one commit protocol of a backup set, for every target type (README, "How a run keeps its
 * promise"): write into {@code <host>/.partial/<id>/}, verify every file, write SHA256SUMS
 * and then MANIFEST.json, sync, one rename into {@code <host>/<yyyy>/<MM>/<dd>/<id>/}, sync the
 * parents, confirm the final place. A target only supplies the primitives. The steps are
 * {@link CommitSteps}; {@link SetUpload} runs them for one set on one target, on one thread or
 * two, and {@link CommitState} decides what a failure ends.
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
        checkComponents(manifest, componentFiles);
        SetUpload upload = begin(target, host, BackupId.parse(manifest.id()));
        for (ComponentEntry c : manifest.components()) {
            upload.upload(c, componentFiles.get(c.file()));
        }
        for (Manifest.SetFile f : manifest.files()) {
            if (f.snapshot()) {
                // the copy of an increment's snapshot state: only its name, size and hash matter to the upload
                upload.upload(new ComponentEntry(f.component(), "snapshot", f.file(), "", f.bytes(), f.bytes(),
                        f.sha256(), 0, SourceFacts.none()), componentFiles.get(f.file()));
            }
        }
        return upload.finish(manifest);
    }

    /**
     * Starts a commit in steps, for a caller that sends each component as soon as it exists:
     * refuses a set whose final name exists, replaces a stale partial set of this id, creates
     * {@code <host>/.partial/<id>/}. {@link #commit} is {@code begin}, one {@link SetUpload#upload}
     * per component, {@link SetUpload#finish}; the guarantee is the same.
     *
     * @throws TargetException      the final name exists, or the partial directory cannot be made
     *                              (then nothing is left behind)
     * @throws InterruptedException after cleanup
     */
    public SetUpload begin(Target target, String host, BackupId id) throws TargetException, InterruptedException {
        SetUpload upload = new SetUpload(target, host, id);
        upload.begin();
        return upload;
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

    private static void checkComponents(Manifest manifest, Map<String, Path> componentFiles) {
        Set<String> names = new HashSet<>();
        for (Manifest.SetFile f : manifest.files()) {
            String file = f.file();
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

    static String describe(Exception e) {
        return CommitAttempt.describe(e);
    }
}
