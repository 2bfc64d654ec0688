package dev.backstop.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The files of one history database on disk: the database and SQLite's companions beside it
 * ({@code -wal}, {@code -shm}, {@code -journal}), which belong to it and move with it.
 */
public final class HistoryFiles {

    /** SQLite finds a database's companions by these suffixes on its name. */
    static final List<String> COMPANIONS = List.of("-wal", "-shm", "-journal");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private HistoryFiles() {
    }

    /** True when the database or any of its companions is there. */
    public static boolean exist(Path db) {
        return Files.exists(db) || COMPANIONS.stream().anyMatch(s -> Files.exists(companion(db, s)));
    }

    /**
     * Renames the database and its companions to {@code <name>.<label>-<UTC time>} beside it (e.g.
     * {@code history.db.corrupt-20251104T020001Z}, with {@code -wal} after it for the WAL), so that
     * {@code sqlite3} opens the moved copy whole and a new database starts where it was. Nothing is
     * deleted; a name that is taken gets a number. Companions move first: a database left behind
     * by a crash in between is moved again, but a new database never meets an old WAL.
     *
     * @return where the database went (or, when only companions were there, its name-to-be)
     * @throws IOException when a file cannot be renamed; those moved before stay moved
     */
    public static Path moveAside(Path db, String label, Instant at) throws IOException {
        Path moved = freeName(db, label + "-" + STAMP.format(at));
        for (String suffix : COMPANIONS) {
            Path from = companion(db, suffix);
            if (Files.exists(from)) {
                Files.move(from, companion(moved, suffix), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        if (Files.exists(db)) {
            Files.move(db, moved, StandardCopyOption.ATOMIC_MOVE);
        }
        return moved;
    }

    private static Path freeName(Path db, String tag) {
        Path candidate = db.resolveSibling(db.getFileName() + "." + tag);
        for (int n = 2; exist(candidate); n++) {
            candidate = db.resolveSibling(db.getFileName() + "." + tag + "-" + n);
        }
        return candidate;
    }

    private static Path companion(Path db, String suffix) {
        return db.resolveSibling(db.getFileName() + suffix);
    }
}
