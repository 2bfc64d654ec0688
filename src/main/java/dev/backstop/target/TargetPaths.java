package dev.backstop.target;

/**
 * The path rules of {@link Target}, checked the same way by every target type: relative,
 * {@code /}-separated, no {@code ..} or {@code .} element, no empty element, no NUL. A path that
 * breaks them is a bug in the caller, never something to repair, so it is refused outright.
 */
public final class TargetPaths {

    private TargetPaths() {
    }

    /**
     * Returns {@code path} unchanged when it follows the rules; the empty string names the root.
     *
     * @throws IllegalArgumentException naming the path and the rule it breaks
     */
    public static String check(String path) {
        if (path == null) {
            throw new IllegalArgumentException("a target path cannot be null");
        }
        if (path.isEmpty()) {
            return path;
        }
        if (path.startsWith("/")) {
            throw new IllegalArgumentException("target path must be relative to the target root: '" + path + "'");
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("target path contains a NUL character: '" + path.replace('\0', '?') + "'");
        }
        for (String element : path.split("/", -1)) {
            if (element.equals("..") || element.equals(".")) {
                throw new IllegalArgumentException("target path must not contain '" + element + "': '" + path + "'");
            }
            if (element.isEmpty()) {
                throw new IllegalArgumentException("target path has an empty element (// or a trailing /): '" + path + "'");
            }
        }
        return path;
    }

    /** Like {@link #check} but refuses the root itself, for operations that must never touch it. */
    public static String checkNotRoot(String path) {
        if (check(path).isEmpty()) {
            throw new IllegalArgumentException("this operation is refused on the target root itself");
        }
        return path;
    }

    /** Joins two checked paths with {@code /}; either may be the root (empty). */
    public static String join(String parent, String child) {
        check(parent);
        check(child);
        if (parent.isEmpty()) {
            return child;
        }
        return child.isEmpty() ? parent : parent + "/" + child;
    }

    /** The parent of a path, or the empty string (the root) for a top-level name. */
    public static String parent(String path) {
        int slash = checkNotRoot(path).lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
