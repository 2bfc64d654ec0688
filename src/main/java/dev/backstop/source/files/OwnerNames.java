package dev.backstop.source.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;

/**
 * The owner and group names that tar headers carry, looked up once per uid and gid of a walk:
 * the JDK's {@code unix:owner} reads /etc/passwd (and {@code unix:group} /etc/group) on every
 * call. A lookup that fails, because the file vanished or changed owner meanwhile, gives no name
 * for that file and is tried again with the next one; the ids are stored either way, and tar
 * restores by id when a name is missing.
 */
final class OwnerNames {

    private final Map<Integer, String> users = new HashMap<>();
    private final Map<Integer, String> groups = new HashMap<>();

    /** The name of {@code uid}, the owner of {@code path}; empty when it has none. */
    String user(Path path, int uid) {
        String name = users.computeIfAbsent(uid, id -> lookUp(path, "uid", "owner", id));
        return name == null ? "" : name;
    }

    /** The name of {@code gid}, the group of {@code path}; empty when it has none. */
    String group(Path path, int gid) {
        String name = groups.computeIfAbsent(gid, id -> lookUp(path, "gid", "group", id));
        return name == null ? "" : name;
    }

    /** The name, "" when the id has none, or null (not cached) when this file could not tell. */
    private static String lookUp(Path path, String idAttribute, String nameAttribute, int id) {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(path, "unix:" + idAttribute + "," + nameAttribute, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
        if (!Integer.valueOf(id).equals(a.get(idAttribute))) {
            return null;
        }
        Principal principal = (Principal) a.get(nameAttribute);
        String name = principal == null ? "" : principal.getName();
        // the JDK names an id without a name by its number; tar then wants no name, only the id
        return name.equals(Integer.toString(id)) ? "" : name;
    }
}
