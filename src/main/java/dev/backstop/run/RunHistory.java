package dev.backstop.run;

import dev.backstop.core.EventLog;
import dev.backstop.history.HistoryException;
import dev.backstop.history.HistoryFiles;
import dev.backstop.history.HistoryStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The history of one backup run, which must never stop for its bookkeeping, and never silently.
 *
 * <p>A sound history is used as it is. A damaged one (SQLite finds it malformed or not a
 * database, or a page fails its check) is moved aside to {@code history.db.corrupt-<UTC time>}
 * with its companions, and a new one is created: the run's recovery step then rebuilds it from
 * the sets on the targets, re-reading each. A history that cannot be written (read-only, locked by
 * another process beyond the busy timeout, of a newer schema) is left where it is, since another
 * process may still write it: the run goes on with a copy in memory and records nothing; the same
 * when the file fails halfway through the run. Either way the run says so, with the files named,
 * in its log, summary and notification, and exits 7.
 */
final class RunHistory implements AutoCloseable {

    private final Path file;
    private final HistoryStore store;
    private final Path movedTo;
    private final String damage;
    private Recovery.Adoption adoption = Recovery.Adoption.NONE;

    private RunHistory(Path file, HistoryStore store, Path movedTo, String damage) {
        this.file = file;
        this.store = store;
        this.movedTo = movedTo;
        this.damage = damage;
    }

    /** Opens the history at {@code file} for a run; never throws for a reason of the file. */
    static RunHistory open(Path file, Clock clock, EventLog log) {
        HistoryStore store;
        try {
            store = HistoryStore.open(file);
            try {
                store.checkIntegrity();
            } catch (HistoryException e) {
                store.close();
                throw e;
            }
        } catch (HistoryException e) {
            if (e.condition() == HistoryException.Condition.DAMAGED) {
                return replaceDamaged(file, e.getMessage(), clock, log);
            }
            log.error("history " + file + " cannot be used, left as it is; this run is recorded nowhere: " + e.getMessage());
            return new RunHistory(file, HistoryStore.openInMemory(file, e.getMessage()), null, null);
        }
        store.continueInMemoryOnFailure();
        return new RunHistory(file, store, null, null);
    }

    private static RunHistory replaceDamaged(Path file, String damage, Clock clock, EventLog log) {
        Path moved;
        try {
            moved = HistoryFiles.moveAside(file, "corrupt", clock.instant());
        } catch (IOException e) {
            String why = damage + "; it could not be moved aside: " + e;
            log.error("history " + file + " is damaged; this run is recorded nowhere: " + why);
            return new RunHistory(file, HistoryStore.openInMemory(file, why), null, null);
        }
        log.error("history " + file + " is damaged (" + damage + "): moved aside to " + moved
                + "; a new one is rebuilt from the backups on the targets");
        HistoryStore fresh;
        try {
            fresh = HistoryStore.open(file);
            fresh.continueInMemoryOnFailure();
        } catch (HistoryException e) {
            log.error("a new history cannot be created at " + file + "; this run is recorded nowhere: " + e.getMessage());
            fresh = HistoryStore.openInMemory(file, "a new history could not be created: " + e.getMessage());
        }
        return new RunHistory(file, fresh, moved, damage);
    }

    HistoryStore store() {
        return store;
    }

    /** What the run's recovery step adopted into this history. */
    void adopted(Recovery.Adoption adoption) {
        this.adoption = adoption;
    }

    /**
     * Why a human must look at the history after this run, in one line; null when it is sound
     * and recorded everything.
     */
    String problem() {
        List<String> lines = lines();
        return lines.isEmpty() ? null : String.join("; ", lines);
    }

    /** The lines of {@link #problem()}, then one per adopted backup whose findings were taken as accepted. */
    List<String> warnings() {
        List<String> warnings = lines();
        warnings.addAll(adoption.acceptedAnyway());
        return warnings;
    }

    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        if (movedTo != null) {
            lines.add("history " + file + " was damaged (" + damage + "): moved aside to " + movedTo + ", and a new one"
                    + " rebuilt from the backups on the targets: " + adoption.adopted().size() + " backup(s) re-read and"
                    + " adopted" + (adoption.problems().isEmpty() ? "" : ", " + adoption.problems().size()
                    + " problem(s) in the log"));
        }
        store.unrecordedBecause().ifPresent(why -> lines.add("history " + file + " cannot be used (" + why
                + "): this run is recorded nowhere and retention did not run; the next run adopts its backup"));
        if (movedTo == null && !adoption.acceptedAnyway().isEmpty()) {
            lines.add(adoption.acceptedAnyway().size() + " backup(s) unknown to history were adopted with anomaly"
                    + " findings, taken as accepted");
        }
        return lines;
    }

    @Override
    public void close() {
        store.close();
    }
}
