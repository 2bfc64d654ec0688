package dev.backstop.target.local;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Recursive, idempotent delete below a root that never follows a symbolic link: a link is removed
 * as a link, and a path reached through a linked directory is refused, so a stray link can never
 * make backstop delete anything outside its tree.
 */
final class LocalTreeDeleter {

    private LocalTreeDeleter() {
    }

    static void delete(Path root, Path target) throws IOException {
        refuseLinkedParents(root, target);
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(target);
            return;
        }
        // walkFileTree without FOLLOW_LINKS reports a link as a file, so it is unlinked, not entered
        Files.walkFileTree(target, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void refuseLinkedParents(Path root, Path target) throws IOException {
        Path relative = root.relativize(target);
        Path current = root;
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            current = current.resolve(relative.getName(i));
            if (Files.isSymbolicLink(current)) {
                throw new IOException("refusing to delete " + target + ": " + current
                        + " is a symbolic link, and deletes never follow links out of the target");
            }
        }
    }
}
