package dev.backstop.run;

import dev.backstop.core.EventLog;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/** The state directory: created private, and its spool cleaned of what a killed run left. */
final class StateDirectory {

    private StateDirectory() {
    }

    static void prepare(Path stateDir) throws IOException {
        if (!Files.isDirectory(stateDir)) {
            Files.createDirectories(stateDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    /** Removes spool leftovers of earlier runs; only called under the run lock. */
    static void sweepSpool(Path spoolDir, EventLog log) throws IOException {
        if (!Files.isDirectory(spoolDir)) {
            Files.createDirectories(spoolDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return;
        }
        try (Stream<Path> leftovers = Files.list(spoolDir)) {
            for (Path p : leftovers.toList()) {
                log.warn("removing spool leftover of an interrupted run: " + p.getFileName());
                deleteTree(p);
            }
        }
    }

    /** Deletes a file or directory tree; absent is fine; never follows symlinks. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
