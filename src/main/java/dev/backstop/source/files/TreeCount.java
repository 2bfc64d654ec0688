package dev.backstop.source.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The entries and bytes of a restored tree, counted as the files source counts what it archives:
 * every directory, regular file and symbolic link is one entry (each name of a hard link too, as
 * the archive stores it as a copy), and the bytes are those of the regular files. Links are
 * counted, never followed.
 */
record TreeCount(long entries, long bytes) {

    /** Counts the trees at {@code tops}; one below another, or one that no longer exists, counts once or not at all. */
    static TreeCount of(Collection<Path> tops) throws IOException {
        List<Path> sorted = new ArrayList<>(tops);
        sorted.sort(null);
        long[] counted = {0, 0};
        List<Path> walked = new ArrayList<>();
        for (Path top : sorted) { // shorter first: a tree is walked before any top inside it
            if (walked.stream().anyMatch(top::startsWith) || !Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            walked.add(top);
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    counted[0]++;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
                        counted[0]++;
                        counted[1] += attrs.isRegularFile() ? attrs.size() : 0;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return new TreeCount(counted[0], counted[1]);
    }
}
