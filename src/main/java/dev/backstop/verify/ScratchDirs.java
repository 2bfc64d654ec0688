package dev.backstop.verify;

import dev.backstop.core.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
            FileTrees.delete(p);
            removed.add(p.toString());
        }
        return removed;
    }
}
