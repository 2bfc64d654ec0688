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

    /**
     * The major version in a version text ({@code 10.11.19-MariaDB} gives 10, {@code PostgreSQL
     * 15.4} gives 15): the first number after {@code after}, or -1 when there is none.
     */
    public static int major(String text, String after) {
        int from = text.indexOf(after);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)")
                .matcher(from < 0 ? "" : text.substring(from + after.length()));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /**
     * The first line of a dump that starts with {@code prefix}, among its first 50 lines (the
     * header), or null.
     */
    public static String headerLine(Path sqlFile, String prefix) throws java.io.IOException {
        try (java.io.BufferedReader in = Files.newBufferedReader(sqlFile, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            for (int i = 0; i < 50; i++) {
                String line = in.readLine();
                if (line == null) {
                    return null;
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }
        return null;
    }
}
