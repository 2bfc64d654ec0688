package dev.backstop.verify;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * What {@code restore} is asked to do.
 *
 * @param backupId  the backup to restore
 * @param toDir     where files, SQLite databases, SQL dumps without a new database name, and
 *                  command outputs go; null when every component restored is loaded into a database
 * @param databases new database names by source name: dumps of these sources are loaded there
 * @param only      the components to restore, by source name; empty: all
 * @param force     write into a non-empty directory, and replace an existing database
 * @param stripSourcePath files components go to {@code <toDir>/<name>/} relative to the directory
 *                  that holds all the source's paths, not at their full original path
 */
public record RestoreRequest(String backupId, Path toDir, Map<String, String> databases, Set<String> only,
                             boolean force, boolean stripSourcePath) {

    public RestoreRequest {
        databases = Map.copyOf(databases);
        only = Set.copyOf(only);
    }

    /** A request that restores files at their full original path. */
    public RestoreRequest(String backupId, Path toDir, Map<String, String> databases, Set<String> only, boolean force) {
        this(backupId, toDir, databases, only, force, false);
    }
}
