package dev.backstop.target.local;

import dev.backstop.core.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
        FileTrees.delete(target);
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
