package dev.backstop.verify;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Private scratch directories below the state directory, and their removal. */
final class ScratchDirs {

    private ScratchDirs() {
    }

    /** Creates {@code dir} (0700) and its parents. */
    static Path create(Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return dir;
    }

    /** Removes every entry of {@code parent} (left by killed runs); returns what it removed. */
    static List<String> sweep(Path parent) throws IOException {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(parent)) {
            return removed;
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(parent)) {
            entries = s.toList();
        }
        for (Path p : entries) {
            delete(p);
            removed.add(p.toString());
        }
        return removed;
    }

    /** Deletes a tree without following symbolic links. Idempotent. */
    static void delete(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                // an extracted read-only directory must become writable to be emptied
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
