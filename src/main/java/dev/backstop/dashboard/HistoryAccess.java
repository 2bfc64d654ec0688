package dev.backstop.dashboard;

import dev.backstop.history.HistoryReports;
import dev.backstop.history.HistoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The history the dashboard reads, opened on the first request that finds the file: the
 * dashboard never creates a history of its own (a wrong {@code state_dir} shows as "no
 * history", not as an empty one).
 */
final class HistoryAccess implements AutoCloseable {

    private final Path file;
    private HistoryStore store;

    HistoryAccess(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The reports, or empty while the history file does not exist. */
    synchronized Optional<HistoryReports> reports() {
        if (store == null) {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            store = HistoryStore.open(file);
        }
        return Optional.of(store.reports());
    }

    @Override
    public synchronized void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
