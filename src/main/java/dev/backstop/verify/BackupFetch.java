package dev.backstop.verify;

import dev.backstop.commit.BackupSets.BackupSet;
import dev.backstop.commit.BackupSets;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.Manifest;
import dev.backstop.core.Progress;
import dev.backstop.core.Sha256;
import dev.backstop.core.TargetException;
import dev.backstop.encryption.AgeIdentity;
import dev.backstop.source.StoredComponent;
import dev.backstop.target.FileInfo;
import dev.backstop.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Finds a backup set on a target, checks it, and downloads its components with their hashes checked. */
final class BackupFetch {

    private BackupFetch() {
    }

    /**
     * The named set, or the newest complete one when {@code backupId} is null.
     *
     * @throws TargetException there is no such set, or none at all; the message names the target
     *                         and the newest sets it holds. Or the set (the newest, without a
     *                         {@code backupId}) was written by a newer backstop, which this
     *                         version cannot restore: the message says what to use instead
     */
    static BackupSet find(Target target, String host, String backupId) throws TargetException {
        return find(target, BackupSets.list(target, host), host, backupId);
    }

    /** As {@link #find(Target, String, String)}, among {@code sets}, the target's listing. */
    static BackupSet find(Target target, List<BackupSet> sets, String host, String backupId) throws TargetException {
        if (backupId == null) {
            for (int i = sets.size() - 1; i >= 0; i--) {
                if (sets.get(i).newerFormat()) {
                    throw newerFormat(sets.get(i), "; --backup chooses an older one");
                }
                if (sets.get(i).complete()) {
                    return sets.get(i);
                }
            }
            throw new TargetException("target " + target.name() + " holds no complete backup of host " + host
                    + (sets.isEmpty() ? "" : " (" + sets.size() + " incomplete set(s))"));
        }
        for (BackupSet s : sets) {
            if (s.id().toString().equals(backupId)) {
                if (s.newerFormat()) {
                    throw newerFormat(s, "");
                }
                return s;
            }
        }
        // the sets come oldest first; the message lists the five newest, newest first
        List<String> newest = new ArrayList<>(sets.stream().map(s -> s.id().toString()).toList());
        Collections.reverse(newest);
        throw new TargetException("target " + target.name() + " holds no backup " + backupId + " of host " + host
                + "; newest there, newest first: " + (newest.isEmpty() ? "none" : String.join(", ",
                newest.subList(0, Math.min(5, newest.size())))));
    }

    // refused before anything is downloaded: this version would misread what the newer format records
    private static TargetException newerFormat(BackupSet set, String hint) {
        return new TargetException("backup " + set.id() + " was " + set.newer().describe() + "; restore it with that"
                + " version or with the standard tools (docs/disaster-recovery.md)" + hint);
    }

    /** The listing checks of {@link SetChecks} for one set. */
    static List<Finding> check(Target target, BackupSet set) throws IOException {
        List<FileInfo> entries = target.list(set.path());
        byte[] sums;
        try (InputStream in = target.read(set.path() + "/" + Manifest.SUMS_FILE_NAME)) {
            sums = in.readNBytes(1 << 20);
        } catch (NoSuchFileException e) {
            sums = null;
        }
        return SetChecks.check(target.name(), set, entries, sums);
    }

    /**
     * Downloads one component into {@code file}, hashing it on the way; an encrypted one is
     * decrypted with {@code identity} once its stored bytes are known to be intact, so that
     * {@code file} always holds the compressed content.
     *
     * @param identity decrypts encrypted components; may be null when {@code c} is not encrypted
     * @return a finding when the bytes are not those the manifest records or do not decrypt (the
     *         file is then deleted), or null when they are
     */
    static Finding download(Target target, BackupSet set, ComponentEntry c, Path file, Progress progress,
                            AgeIdentity identity) throws IOException {
        Path stored = c.encrypted() ? file.resolveSibling(file.getFileName() + ".download") : file;
        Finding bad = fetch(target, set, c, stored, progress);
        if (bad != null || !c.encrypted()) {
            return bad;
        }
        try (InputStream in = identity.decrypt(Files.newInputStream(stored)); OutputStream out = Files.newOutputStream(file)) {
            in.transferTo(out);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            return Finding.error(target.name(), set.id().toString(), c.file(), "its stored bytes are intact but do not"
                    + " decrypt with the configured identity_file (" + e.getMessage() + "); is it the identity of one"
                    + " of the recipients the manifest records?");
        } finally {
            Files.deleteIfExists(stored);
        }
        return null;
    }

    /**
     * Downloads every archive of a complete chain as {@link #download} downloads one: the set asked
     * for into {@code dir/<file>}, each earlier one into {@code dir/<its id>.<file>}.
     *
     * @return the component with the earlier archives of its chain attached, or null when one of
     *         them is not intact: its finding is added to {@code findings}, and what was downloaded
     *         is deleted
     */
    static StoredComponent download(Target target, Chains.Chain chain, Path dir, Progress progress,
                                    AgeIdentity identity, List<Finding> findings) throws IOException {
        List<StoredComponent> stored = new ArrayList<>();
        List<Chains.Link> links = chain.links();
        for (int i = 0; i < links.size(); i++) {
            Chains.Link link = links.get(i);
            String file = link.component().file();
            Path to = dir.resolve(i == links.size() - 1 ? file : link.id() + "." + file);
            Finding bad = download(target, link.set(), link.component(), to, progress, identity);
            if (bad != null) {
                findings.add(bad);
                for (StoredComponent s : stored) {
                    Files.deleteIfExists(s.file());
                }
                return null;
            }
            stored.add(new StoredComponent(link.component(), to, link.id()));
        }
        StoredComponent last = stored.remove(stored.size() - 1);
        return new StoredComponent(last.entry(), last.file(), last.backupId(), stored);
    }

    private static Finding fetch(Target target, BackupSet set, ComponentEntry c, Path file, Progress progress)
            throws IOException {
        HashedStream.Result r;
        progress.start("download " + c.file(), c.bytes());
        try (InputStream in = target.read(set.path() + "/" + c.file()); OutputStream out = Files.newOutputStream(file)) {
            r = HashedStream.copy(in, out, progress::update);
        } catch (NoSuchFileException e) {
            return Finding.error(target.name(), set.id().toString(), c.file(), "component " + c.name() + " is missing ("
                    + set.path() + "/" + c.file() + ")");
        } finally {
            progress.finish();
        }
        if (r.bytes() != c.bytes() || !Sha256.matches(c.sha256(), r.sha256())) {
            Files.deleteIfExists(file);
            return Finding.error(target.name(), set.id().toString(), c.file(), "downloaded " + r.bytes()
                    + " bytes with SHA-256 " + r.sha256() + ", the manifest records " + c.bytes()
                    + " bytes with SHA-256 " + c.sha256() + ": the stored file is corrupt");
        }
        return null;
    }
}
