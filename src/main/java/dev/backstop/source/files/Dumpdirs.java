package dev.backstop.source.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/** Applies a {@code GNU.dumpdir} record to a directory being restored, as GNU tar does. */
final class Dumpdirs {

    private Dumpdirs() {
    }

    /**
     * Deletes what {@code dir} holds that {@code dumpdir} does not list, and what it lists as another
     * kind: a directory where it lists a file ('Y'), a file where it lists a directory ('D'). Whether
     * anything was deleted.
     */
    static boolean purge(Path dir, byte[] dumpdir) throws IOException {
        Map<String, Character> listed = parse(dumpdir);
        boolean deleted = false;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                Character flag = listed.get(key(RawNames.of(child.getFileName())));
                // only a name listed as 'D' or 'Y' needs its kind: most are 'N', and a stat of each
                // name of the tree for every archive of a chain is what made chains slow to restore
                if (flag == null || (flag == 'D' || flag == 'Y')
                        && (flag == 'D') != Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(child);
                    deleted = true;
                }
            }
        }
        return deleted;
    }

    /**
     * As {@link #purge(Path, byte[])} for a directory that holds at most what {@code before}, the
     * dumpdir of the archive applied before, listed: what {@code now} no longer lists, or lists as
     * the other kind (directory or not), is deleted without listing the directory. Whether anything
     * was deleted.
     */
    static boolean purge(Path dir, byte[] before, byte[] now) throws IOException {
        if (sameNamesAndKinds(before, now)) { // most directories of an increment: nothing to read
            return false;
        }
        Map<String, Character> listed = parse(now);
        boolean deleted = false;
        for (Map.Entry<String, Character> was : parse(before).entrySet()) {
            Character flag = listed.get(was.getKey());
            if (flag == null || (flag == 'D') != (was.getValue() == 'D')) {
                Path child = dir.resolve(RawNames.path(was.getKey().getBytes(StandardCharsets.ISO_8859_1)));
                if (Files.exists(child, LinkOption.NOFOLLOW_LINKS)) { // an excluded name was never there
                    deleteTree(child);
                    deleted = true;
                }
            }
        }
        return deleted;
    }

    /** Whether two dumpdirs list the same names in the same order, each as the same kind ('D' or a file's 'Y'/'N'). */
    private static boolean sameNamesAndKinds(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return false;
        }
        boolean atFlag = true;
        for (int i = 0; i < a.length; i++) {
            if (atFlag) {
                if (a[i] == 0 || b[i] == 0) {
                    return a[i] == b[i];
                }
                if (!isKnownFlag(a[i]) || !isKnownFlag(b[i]) || (a[i] == 'D') != (b[i] == 'D')) {
                    return false;
                }
                atFlag = false;
            } else if (a[i] != b[i]) {
                return false;
            } else {
                atFlag = a[i] == 0;
            }
        }
        return true;
    }

    private static boolean isKnownFlag(byte flag) {
        return flag == 'D' || flag == 'Y' || flag == 'N';
    }

    /** Each name's flag; a name's bytes are its key, one char per byte. */
    private static Map<String, Character> parse(byte[] dumpdir) {
        Map<String, Character> listed = new HashMap<>();
        int at = 0;
        while (at < dumpdir.length && dumpdir[at] != 0) {
            int end = at + 1;
            while (end < dumpdir.length && dumpdir[end] != 0) {
                end++;
            }
            listed.put(new String(dumpdir, at + 1, end - at - 1, StandardCharsets.ISO_8859_1),
                    (char) dumpdir[at]);
            at = end + 1;
        }
        return listed;
    }

    private static String key(byte[] name) {
        return new String(name, StandardCharsets.ISO_8859_1);
    }

    /** Deletes {@code path} and, for a directory, all below it; symbolic links are deleted, never followed. */
    private static void deleteTree(Path path) throws IOException {
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
