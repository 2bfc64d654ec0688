package dev.backstop.commit;

import dev.backstop.core.BackupId;
import dev.backstop.core.ByteSize;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.Manifest;
import dev.backstop.core.Sha256;
import dev.backstop.target.CheckedStream;
import dev.backstop.target.Mismatch;
import dev.backstop.target.StoredFile;
import dev.backstop.target.StoredFileCheck;
import dev.backstop.target.Target;
import dev.backstop.target.TargetPaths;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The steps of the commit protocol on one target, in the order a commit takes them: make the
 * partial set, store each component in it, prove each stored copy, then write SHA256SUMS and
 * MANIFEST.json (its presence marks a complete set), sync, rename once to the final name, sync the
 * parents, and confirm the final place. Each step is a few calls of the {@link Target}
 * primitives and notes in its {@link CommitAttempt} what it is doing and what it writes, so that a
 * failure names its step and its cleanup knows what to remove. What a failure ends, and on which
 * thread each step runs, is {@link SetUpload}'s business.
 */
final class CommitSteps {

    /** A component in the partial set, not yet proven. */
    record Stored(String file, String path, ComponentEntry entry, Path linkedSpool) {
    }

    private final Target target;
    private final String host;
    final String partial;
    final String finalDir;

    CommitSteps(Target target, String host, BackupId id) {
        this.target = target;
        this.host = host;
        this.partial = BackupSetLayout.partialDir(host, id);
        this.finalDir = BackupSetLayout.finalDir(host, id);
    }

    /** True when a set of this id is committed already: it is never overwritten, nor cleaned up. */
    boolean committedAlready() throws IOException {
        return target.stat(finalDir).isPresent();
    }

    /** Replaces a stale partial set of this id with an empty one. */
    void createPartial(CommitAttempt attempt) throws IOException {
        attempt.step = "removing a stale " + partial;
        target.delete(partial);
        attempt.step = "creating " + partial;
        target.makeDirectories(partial);
    }

    /**
     * Writes one component into the partial set while its dump may still run, then, once the dump
     * has ended, checks that the bytes sent are those its entry names. A target that can take the
     * finished spool file without copying it gets it that way once the dump has ended.
     *
     * @param stop asked between buffers and calls; throws once the commit ended elsewhere
     * @throws Mismatch the spool file changed since its entry was made
     */
    Stored store(CommitAttempt attempt, ComponentFile component, CheckedStream.Stop stop)
            throws IOException, Mismatch, InterruptedException {
        checkInterrupt();
        String file = component.file();
        String path = partial + "/" + file;
        if (target.canStoreByLink(component.spool())) {
            // only a finished file is linked: the link is the stored copy from then on
            attempt.step = "waiting for the dump of " + file + " to end";
            ComponentEntry c = component.awaitEntry();
            stop.check();
            attempt.step = "linking " + component.spool() + " to " + path;
            attempt.writing(path);
            if (target.storeByLink(path, component.spool())) {
                return new Stored(file, path, c, component.spool());
            }
        }
        attempt.step = "uploading " + file + " to " + path;
        attempt.writing(path);
        CheckedStream out;
        try (InputStream in = component.open()) {
            out = new CheckedStream(in, stop);
            target.write(path, out);
        }
        attempt.step = "waiting for the dump of " + file + " to end";
        ComponentEntry c = component.awaitEntry();
        if (out.count() != c.bytes() || !Sha256.matches(c.sha256(), out.sha256())) {
            // the spool changed since the entry was made: storing it would store a lie
            throw new Mismatch(file + ": the spool file " + component.spool() + " gave " + out.count()
                    + " bytes with SHA-256 " + out.sha256() + ", the manifest says " + c.bytes()
                    + " bytes with SHA-256 " + c.sha256());
        }
        return new Stored(file, path, c, null);
    }

    /** Proves a stored copy: size, then the storage's own hash or a read-back. */
    StoredFile verify(CommitAttempt attempt, Stored stored, CheckedStream.Stop stop)
            throws IOException, Mismatch, InterruptedException {
        stop.check();
        checkInterrupt();
        ComponentEntry entry = stored.entry();
        attempt.step = "verifying " + stored.path() + " (" + ByteSize.human(entry.bytes()) + ")";
        try {
            return StoredFileCheck.verify(target, stored.path(), stored.file(), entry.bytes(), entry.sha256(), stop);
        } catch (Mismatch e) {
            throw stored.linkedSpool() == null ? e : new Mismatch(stored.file() + ": the spool file " + stored.linkedSpool()
                    + ", stored by a hard link, does not match the manifest: " + e.getMessage());
        }
    }

    /**
     * Completes a set whose components are all proven: SHA256SUMS, then MANIFEST.json, sync, one
     * rename to the final name, sync of both parents, confirmation there.
     *
     * @param files the proven components, in manifest order; the two written here are added
     * @param beforeRename asked right before the rename, the last moment to stop
     */
    void complete(CommitAttempt attempt, Manifest manifest, List<StoredFile> files, CheckedStream.Stop beforeRename)
            throws IOException, Mismatch, InterruptedException {
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
        beforeRename.check();
        target.rename(partial, finalDir);
        // only now is the final name ours to remove: a refused rename may mean another set holds it
        attempt.renamedTo = finalDir;
        attempt.step = "syncing " + datedParent + " and " + BackupSetLayout.partialRoot(host);
        target.syncDirectory(datedParent);
        target.syncDirectory(BackupSetLayout.partialRoot(host));
        attempt.step = "confirming " + finalDir;
        confirm(files, manifestJson);
    }

    private StoredFile writeSmall(CommitAttempt attempt, String file, byte[] content)
            throws IOException, Mismatch, InterruptedException {
        checkInterrupt();
        String path = partial + "/" + file;
        attempt.step = "writing " + path;
        attempt.writing(path);
        target.write(path, new ByteArrayInputStream(content));
        attempt.step = "verifying " + path;
        return StoredFileCheck.verify(target, path, file, content.length, Sha256.of(content));
    }

    /** The final place holds every file with its size, and the manifest reads back byte for byte. */
    private void confirm(List<StoredFile> stored, byte[] manifestJson) throws IOException, Mismatch {
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

    static void checkInterrupt() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }
}
