package dev.backstop.source;

import dev.backstop.core.Progress;
import java.nio.file.Path;

/**
 * Where a disaster-recovery restore puts one component.
 *
 * @param directory       the administrator's {@code --to} directory
 * @param scratch         a private directory for intermediate files, removed afterwards
 * @param database        the {@code --database SOURCE=NEWNAME} name for this component, or null
 * @param server          the source's server when {@code database} is set, else null
 * @param replace         {@code --force}: an existing database of that name is dropped first
 * @param restoreOwners   files get their recorded owners (only root can)
 * @param progress        progress of long steps, for a terminal
 * @param stripSourcePath files go below {@code directory/<name>/} relative to the deepest directory
 *                        that holds every path the source archived, not at their full original path
 */
public record RestoreDestination(Path directory, Path scratch, String database, DatabaseServer server, boolean replace,
                                 boolean restoreOwners, Progress progress, boolean stripSourcePath) {

    /** A destination where files keep their full original path. */
    public RestoreDestination(Path directory, Path scratch, String database, DatabaseServer server, boolean replace,
                              boolean restoreOwners, Progress progress) {
        this(directory, scratch, database, server, replace, restoreOwners, progress, false);
    }
}
