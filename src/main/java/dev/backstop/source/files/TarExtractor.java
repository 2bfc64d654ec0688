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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Extracts a files component (a tar stream) below a directory and counts what it holds as the
 * files source counted it: every directory, link and regular file is one entry, regular files
 * also count as files, and the bytes are those of regular files. An entry whose name would leave the directory is refused.
 * Symbolic links are created last, so that no file is ever written through one. A directory of
 * an incremental archive first loses what its dumpdir no longer lists, as with GNU tar's
 * {@code -g /dev/null}, so that archives of a chain applied oldest first recreate the tree.
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

    private TarExtractor() {
    }

    static Stats extract(InputStream tarStream, Path dest, boolean restoreOwners) throws IOException {
        return extract(tarStream, dest, restoreOwners, new HashSet<>(), Progress.NONE);
    }

    /**
     * As {@link #extract(InputStream, Path, boolean)}, telling {@code progress} the bytes and
     * entries after each entry, and adding to {@code tops} where each entry goes whose directory
     * is not in the archive: the configured paths, whose trees a restore test of a chain counts
     * once every archive is applied.
     */
    static Stats extract(InputStream tarStream, Path dest, boolean restoreOwners, Set<Path> tops, Progress progress)
            throws IOException {
        Path root = dest.toAbsolutePath().normalize();
        Files.createDirectories(root);
        long entries = 0;
        long files = 0;
        long bytes = 0;
        List<Link> links = new ArrayList<>();
        List<Directory> dirs = new ArrayList<>();
        Set<Path> dirPaths = new HashSet<>();
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
                dirPaths.add(path);
                if (!Files.isDirectory(path)) { // an increment's directories exist: no failing mkdir for each
                    Files.createDirectories(path);
                }
                if (tar.dumpdir() != null) {
                    Dumpdirs.purge(path, tar.dumpdir());
                }
                dirs.add(new Directory(path, e));
            } else if (e.isSymbolicLink() || e.isLink()) {
                links.add(new Link(path, tar.linkName(), e.isSymbolicLink()));
            } else if (e.isFile()) {
                if (!dirPaths.contains(path.getParent())) {
                    Files.createDirectories(path.getParent());
                }
                Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                bytes += e.getSize();
                files++;
                attributes(path, e, restoreOwners);
            }
            progress.update(bytes, entries);
        }
        for (Link link : links) {
            Files.createDirectories(link.path().getParent());
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
            if (!alreadySet(dirs.get(i).path(), dirs.get(i).entry(), restoreOwners)) {
                attributes(dirs.get(i).path(), dirs.get(i).entry(), restoreOwners);
            }
        }
        return new Stats(entries, bytes, common == null ? Path.of("") : common, files);
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

    private static void attributes(Path path, TarArchiveEntry e, boolean restoreOwners) throws IOException {
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

    /** Whether {@code path} already has what {@link #attributes} would set: one stat instead of four changes. */
    private static boolean alreadySet(Path path, TarArchiveEntry e, boolean restoreOwners) throws IOException {
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
