package dev.backstop.core;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Deleting a local file or directory tree, for the spool, the local target and scratch space
 * alike; and whether a directory can be written or made, for checks that must not make it.
 */
public final class FileTrees {

    private FileTrees() {
    }

    /**
     * Deletes {@code path} and, for a directory, everything below it. Idempotent: absent is fine,
     * and so is an entry that vanishes meanwhile. Never follows a symbolic link: a link is removed
     * as a link, so nothing outside the tree is touched. A directory its owner may not write to (an
     * extracted backup can hold one) is made writable first, so that it can be emptied.
     */
    public static void delete(Path path) throws IOException {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(path);
            return;
        }
        // walkFileTree without FOLLOW_LINKS reports a link as a file, so it is unlinked, not entered
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!Files.isWritable(dir)) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                }
                return FileVisitResult.CONTINUE;
            }

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

    /**
     * Why this user could not write files into {@code dir}, found without creating anything:
     * empty when it is a writable directory, or when it does not exist and its nearest existing
     * ancestor is a writable directory (so it can be created). Symbolic links are followed; a
     * dangling one is not a directory.
     *
     * @return the problem as the end of a sentence about {@code dir}: {@code "is not a directory"},
     *         {@code "cannot be created: /srv is not writable by this user"}
     */
    public static Optional<String> whyNotWritable(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.of("cannot be created: no part of its path exists");
        }
        String problem = !Files.isDirectory(existing) ? "is not a directory"
                : !Files.isWritable(existing) || !Files.isExecutable(existing) ? "is not writable by this user" : null;
        if (problem == null) {
            return Optional.empty();
        }
        return Optional.of(existing.equals(absolute) ? problem : "cannot be created: " + existing + " " + problem);
    }
}
