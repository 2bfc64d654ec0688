package dev.backstop.source.files;

import dev.backstop.core.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Extracts a files component (a tar stream) below a directory and counts what it holds as the
 * files source counted it: every directory, link and regular file is one entry, regular files
 * also count as files, and the bytes are those of regular files. An entry whose name would leave the directory is refused.
 * Symbolic links are created last, so that no file is ever written through one. A directory of
 * an incremental archive first loses what its dumpdir no longer lists, as with GNU tar's
 * {@code -g /dev/null}, so that archives of a chain applied oldest first recreate the tree.
 *
 * <p>One extractor applies the archives of one chain, and remembers what each directory holds
 * after an archive: its dumpdir. The next archive then deletes what its own dumpdir no longer
 * lists by comparing the two, and leaves a directory nothing was written to as it is, instead of
 * listing and stating every directory of the tree for every archive of the chain.
 */
final class TarExtractor {

    /**
     * What the archive held.
     *
     * @param common the deepest directory that holds every entry, relative ({@code var/www} for an
     *               archive of /var/www; {@code srv} for /srv/a and /srv/b); empty when none is common
     * @param files  the regular files among the entries
     */
    record Stats(long entries, long bytes, Path common, long files) {
    }

    private record Directory(Path path, TarArchiveEntry entry) {
    }

    /** A link, created once every file is in place; {@code target} as the archive holds it. */
    private record Link(Path path, byte[] target, boolean symbolic) {
    }

    /**
     * A directory as the last archive that held it left it: its dumpdir, which lists all it can
     * hold, and the mode, owners and modification time (milliseconds) that archive set on it.
     */
    private record Left(byte[] dumpdir, int mode, long uid, long gid, long mtime) {
    }

    private final Path root;
    private final boolean restoreOwners;
    private final Set<Path> tops = new HashSet<>();
    private final Progress progress;
    private Map<Path, Left> left = Map.of();

    TarExtractor(Path dest, boolean restoreOwners, Progress progress) {
        this.root = dest.toAbsolutePath().normalize();
        this.restoreOwners = restoreOwners;
        this.progress = progress;
    }

    /** One archive, alone: what an extractor for it applies. */
    static Stats extract(InputStream tarStream, Path dest, boolean restoreOwners) throws IOException {
        return new TarExtractor(dest, restoreOwners, Progress.NONE).apply(tarStream);
    }

    /**
     * Where each entry went whose directory was in none of the archives applied: the configured
     * paths, whose trees a restore of a chain counts once every archive is applied.
     */
    Set<Path> tops() {
        return tops;
    }

    /**
     * Extracts the next archive of the chain (the first: its full), telling the progress the bytes
     * and entries after each entry.
     */
    Stats apply(InputStream tarStream) throws IOException {
        return apply(tarStream, name -> false);
    }

    /**
     * As {@link #apply(InputStream)}, reading past the regular files that {@code rewrittenLater}
     * names (by their bytes in the archive): a later archive of the chain writes them again.
     */
    Stats apply(InputStream tarStream, Predicate<byte[]> rewrittenLater) throws IOException {
        Files.createDirectories(root);
        long entries = 0;
        long files = 0;
        long bytes = 0;
        List<Link> links = new ArrayList<>();
        List<Directory> dirs = new ArrayList<>();
        Set<Path> dirPaths = new HashSet<>();
        Set<Path> written = new HashSet<>(); // directories whose time a change inside has moved
        Map<Path, Left> leaving = new HashMap<>();
        RawNameTarInput tar = new RawNameTarInput(tarStream);
        Path common = null;
        for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
            Path path = inside(root, tar.name());
            entries++;
            if (!dirPaths.contains(path.getParent())) {
                tops.add(path);
            }
            common = commonDirectory(common, root.relativize(e.isDirectory() ? path : path.getParent()));
            if (e.isDirectory()) {
                Left before = left.get(path);
                byte[] dumpdir = tar.dumpdir();
                // (one that an archive since deleted with its parent's listing is new again: created below)
                if (before != null && dumpdir != null && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    // the last archive left it holding at most what it listed: compared, not listed again
                    if (Dumpdirs.purge(path, before.dumpdir(), dumpdir)) {
                        written.add(path);
                    }
                } else if (!Files.isDirectory(path)) { // an increment's directories exist: no failing mkdir for each
                    create(path, dirPaths, written);
                } else if (dumpdir != null && Dumpdirs.purge(path, dumpdir)) {
                    written.add(path);
                }
                dirPaths.add(path);
                if (dumpdir != null) {
                    leaving.put(path, new Left(dumpdir, mode(e, restoreOwners), e.getLongUserId(), e.getLongGroupId(),
                            e.getModTime().getTime()));
                }
                dirs.add(new Directory(path, e));
            } else if (e.isSymbolicLink() || e.isLink()) {
                links.add(new Link(path, tar.linkName(), e.isSymbolicLink()));
            } else if (e.isFile() && rewrittenLater.test(tar.name())) {
                bytes += e.getSize(); // counted as the archive holds it; read past by the next entry
                files++;
            } else if (e.isFile()) {
                if (!dirPaths.contains(path.getParent()) && !Files.isDirectory(path.getParent())) {
                    create(path.getParent(), dirPaths, written);
                }
                written.add(path.getParent());
                Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                bytes += e.getSize();
                files++;
                attributes(path, e);
            }
            progress.update(bytes, entries);
        }
        for (Link link : links) {
            if (!dirPaths.contains(link.path().getParent()) && !Files.isDirectory(link.path().getParent())) {
                create(link.path().getParent(), dirPaths, written);
            }
            written.add(link.path().getParent());
            Files.deleteIfExists(link.path());
            if (link.symbolic()) {
                Files.createSymbolicLink(link.path(), RawNames.path(link.target()));
            } else {
                Files.createLink(link.path(), inside(root, link.target()));
            }
        }
        // directories last: writing their files changed their times. An increment lists every
        // directory, most of them as the earlier archives left them: those are not set again
        for (int i = dirs.size() - 1; i >= 0; i--) {
            Directory dir = dirs.get(i);
            if (!leftAsRecorded(dir, written)) {
                attributes(dir.path(), dir.entry());
            }
        }
        // a directory that this archive does not hold is as an earlier one left it (unchanged since:
        // an increment holds every directory that changed or holds a file it writes)
        Map<Path, Left> next = new HashMap<>(left);
        next.putAll(leaving);
        left = next;
        return new Stats(entries, bytes, common == null ? Path.of("") : common, files);
    }

    /**
     * Creates {@code dir}, which is not there, and any missing parent, noting it and the first
     * parent that was there, whose time moved. {@code known} are directories known to be there.
     */
    private static void create(Path dir, Set<Path> known, Set<Path> written) throws IOException {
        Path top = dir;
        while (top.getParent() != null && !known.contains(top.getParent()) && !Files.isDirectory(top.getParent())) {
            top = top.getParent();
        }
        written.add(top.getParent());
        written.add(dir); // new: its mode and time are set whatever its entry says
        Files.createDirectories(dir);
    }

    /**
     * Whether {@code dir} already has the mode, owners and time of its entry: known without a stat
     * when the last archive set them and nothing was written inside since, else read (one stat
     * instead of four changes).
     */
    private boolean leftAsRecorded(Directory dir, Set<Path> written) throws IOException {
        if (written.contains(dir.path())) {
            return false;
        }
        TarArchiveEntry e = dir.entry();
        Left before = left.get(dir.path());
        if (before != null) {
            return before.mode() == mode(e, restoreOwners) && before.mtime() == e.getModTime().getTime()
                    && (!restoreOwners || before.uid() == e.getLongUserId() && before.gid() == e.getLongGroupId());
        }
        return alreadySet(dir.path(), e);
    }

    /** The longest leading part that {@code a} (null: none seen yet) and {@code b} share. */
    private static Path commonDirectory(Path a, Path b) {
        if (a == null) {
            return b;
        }
        int n = 0;
        while (n < a.getNameCount() && n < b.getNameCount() && a.getName(n).equals(b.getName(n))) {
            n++;
        }
        return n == 0 ? Path.of("") : a.subpath(0, n);
    }

    /** Where an entry named by {@code name} goes below {@code root}; the bytes of the name are kept. */
    private static Path inside(Path root, byte[] name) throws IOException {
        Path path = root.resolve(RawNames.path(name)).normalize();
        if (!path.startsWith(root) || name.length > 0 && name[0] == '/') {
            throw new IOException("the archive holds an entry that would be written outside " + root + ": '"
                    + RawNames.display(name) + "'; it is not a backstop archive, or it was tampered with");
        }
        return path;
    }

    private void attributes(Path path, TarArchiveEntry e) throws IOException {
        if (restoreOwners) {
            // owners first: a change of owner clears the set-id bits the mode then restores
            Files.setAttribute(path, "unix:uid", (int) e.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", (int) e.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:mode", mode(e, true));
        } else {
            Files.setPosixFilePermissions(path, permissions(e.getMode()));
        }
        Files.setLastModifiedTime(path, FileTime.from(e.getModTime().toInstant()));
    }

    /**
     * The mode an entry is restored with: as GNU tar run as root, with its set-id and sticky bits
     * (a setgid shared directory, /tmp-like sticky ones, setuid programs); otherwise the
     * permission bits only, as a user's extraction should not create set-id files.
     */
    private static int mode(TarArchiveEntry e, boolean restoreOwners) {
        return e.getMode() & (restoreOwners ? 07777 : 0777);
    }

    /** Whether {@code path} already has what {@link #attributes} would set. */
    private boolean alreadySet(Path path, TarArchiveEntry e) throws IOException {
        Map<String, Object> now = Files.readAttributes(path, "unix:mode,uid,gid,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        return ((Integer) now.get("mode") & 07777) == mode(e, restoreOwners)
                && now.get("lastModifiedTime").equals(FileTime.from(e.getModTime().toInstant()))
                && (!restoreOwners || (Integer) now.get("uid") == (int) e.getLongUserId()
                        && (Integer) now.get("gid") == (int) e.getLongGroupId());
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, bit 8 .. 0
        for (int i = 0; i < all.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                perms.add(all[i]);
            }
        }
        return perms;
    }
}
