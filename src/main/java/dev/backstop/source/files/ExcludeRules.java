package dev.backstop.source.files;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code exclude:} globs of a files source, with the semantics of a {@code .gitignore}:
 *
 * <ul>
 *   <li>Each pattern is matched against the path relative to the configured root it was found
 *       under, with {@code /} between names ({@code storage/logs/app.log} under
 *       {@code /var/www/app}). The root itself is never excluded.</li>
 *   <li>A pattern without {@code /} matches a single name at any depth: {@code *.log},
 *       {@code node_modules}, {@code .cache}.</li>
 *   <li>A pattern with a {@code /} is anchored at the root: {@code storage/logs/**} matches
 *       only below {@code <root>/storage/logs}. A leading {@code /} only anchors it.</li>
 *   <li>{@code *} and {@code ?} match within one name, {@code **} across names,
 *       {@code [abc]} and {@code {a,b}} as in Java's glob syntax.</li>
 *   <li>{@code dir/**} excludes {@code dir} itself as well as everything below it; a trailing
 *       {@code /} is ignored. An excluded directory is not descended into.</li>
 * </ul>
 */
final class ExcludeRules {

    private final List<PathMatcher> anchored = new ArrayList<>();
    private final List<PathMatcher> anyName = new ArrayList<>();

    /** @throws IllegalArgumentException naming a pattern that is not a valid glob */
    ExcludeRules(List<String> patterns) {
        for (String raw : patterns) {
            String p = raw.strip();
            while (p.endsWith("/") && p.length() > 1) {
                p = p.substring(0, p.length() - 1);
            }
            if (p.isEmpty() || p.equals("/")) {
                continue;
            }
            try {
                if (p.startsWith("/") || p.contains("/")) {
                    String anchoredPattern = p.startsWith("/") ? p.substring(1) : p;
                    anchored.add(glob(anchoredPattern));
                    if (anchoredPattern.endsWith("/**")) {
                        anchored.add(glob(anchoredPattern.substring(0, anchoredPattern.length() - 3)));
                    }
                } else {
                    anyName.add(glob(p));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("exclude pattern '" + raw + "' is not a valid glob: "
                        + e.getMessage(), e);
            }
        }
    }

    private static PathMatcher glob(String pattern) {
        return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    }

    /**
     * @param relative the path below the root, made from the names the file system listed (so it
     *                 holds their bytes: a string of a name that is not UTF-8 could not be made
     *                 into a path again in the POSIX locale); empty for the root
     * @return whether the path is excluded (a directory: with everything below it)
     */
    boolean excludes(Path relative) {
        if (relative.toString().isEmpty()) {
            return false;
        }
        Path rel = relative;
        for (PathMatcher m : anchored) {
            if (m.matches(rel)) {
                return true;
            }
        }
        Path name = rel.getFileName();
        for (PathMatcher m : anyName) {
            if (m.matches(name)) {
                return true;
            }
        }
        return false;
    }
}
