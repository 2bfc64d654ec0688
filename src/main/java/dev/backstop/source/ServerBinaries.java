package dev.backstop.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a database server's programs: in a search path: PATH, then where distributions keep server binaries
 * off PATH ({@code /usr/sbin}, {@code /usr/libexec}, ...).
 */
public final class ServerBinaries {

    private ServerBinaries() {
    }

    /** PATH's directories, then {@code extraDirs}: where to look for server binaries. */
    public static List<Path> searchPath(List<Path> extraDirs) {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        dirs.addAll(extraDirs);
        return dirs;
    }

    /** The first of {@code names} found in {@code dirs}, each name looked for in every directory before the next. */
    public static Optional<Path> find(List<String> names, List<Path> dirs) {
        for (String name : names) {
            for (Path dir : dirs) {
                Path candidate = dir.resolve(name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
