package dev.backstop.source.files;

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
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Extracts a files component (a tar stream) below a directory and counts what it holds as the
 * files source counted it: every directory, link and regular file is one entry, and the bytes
 * are those of regular files. An entry whose name would leave the directory is refused.
 * Symbolic links are created last, so that no file is ever written through one. A directory of
 * an incremental archive first loses what its dumpdir no longer lists, as with GNU tar's
 * {@code -g /dev/null}, so that archives of a chain applied oldest first recreate the tree.
 */
final class TarExtractor {

    /** What the archive held. */
    record Stats(long entries, long bytes) {
    }

    private record Directory(Path path, TarArchiveEntry entry) {
    }

    /** A link, created once every file is in place; {@code target} as the archive holds it. */
    private record Link(Path path, byte[] target, boolean symbolic) {
    }

    private TarExtractor() {
    }

    static Stats extract(InputStream tarStream, Path dest, boolean restoreOwners) throws IOException {
        return extract(tarStream, dest, restoreOwners, new HashSet<>());
    }

    /**
     * As {@link #extract(InputStream, Path, boolean)}, and adds to {@code tops} where each entry
     * goes whose directory is not in the archive: the configured paths, whose trees a restore test
     * of a chain counts once every archive is applied.
     */
    static Stats extract(InputStream tarStream, Path dest, boolean restoreOwners, Set<Path> tops) throws IOException {
        Path root = dest.toAbsolutePath().normalize();
        Files.createDirectories(root);
        long entries = 0;
        long bytes = 0;
        List<Link> links = new ArrayList<>();
        List<Directory> dirs = new ArrayList<>();
        Set<Path> dirPaths = new HashSet<>();
        RawNameTarInput tar = new RawNameTarInput(tarStream);
        for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
            Path path = inside(root, tar.name());
            entries++;
            if (!dirPaths.contains(path.getParent())) {
                tops.add(path);
            }
            if (e.isDirectory()) {
                dirPaths.add(path);
                Files.createDirectories(path);
                if (tar.dumpdir() != null) {
                    Dumpdirs.purge(path, tar.dumpdir());
                }
                dirs.add(new Directory(path, e));
            } else if (e.isSymbolicLink() || e.isLink()) {
                links.add(new Link(path, tar.linkName(), e.isSymbolicLink()));
            } else if (e.isFile()) {
                Files.createDirectories(path.getParent());
                Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                bytes += e.getSize();
                attributes(path, e, restoreOwners);
            }
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
        // directories last: writing their files changed their times
        for (int i = dirs.size() - 1; i >= 0; i--) {
            attributes(dirs.get(i).path(), dirs.get(i).entry(), restoreOwners);
        }
        return new Stats(entries, bytes);
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
        Files.setPosixFilePermissions(path, permissions(e.getMode()));
        Files.setLastModifiedTime(path, FileTime.from(e.getModTime().toInstant()));
        if (restoreOwners) {
            Files.setAttribute(path, "unix:uid", (int) e.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", (int) e.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
        }
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
