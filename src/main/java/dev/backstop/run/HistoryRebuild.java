package dev.backstop.run;

import dev.backstop.config.BackstopConfig;
import dev.backstop.core.BackstopException;
import dev.backstop.core.ConfigException;
import dev.backstop.core.ExitCode;
import dev.backstop.core.PreflightException;
import dev.backstop.history.HistoryException;
import dev.backstop.history.HistoryFiles;
import dev.backstop.history.HistoryStore;
import dev.backstop.target.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code backstop history rebuild}, by hand what a run does on its own after damage: a new history
 * from what the targets hold. For a damaged history, and after {@code state_dir} was lost with the
 * server. It holds the run lock throughout, so no run writes meanwhile.
 *
 * <p>A history that is there is moved aside first, never deleted: a damaged one to
 * {@code history.db.corrupt-<UTC time>}; a sound one that holds runs only when forced, to
 * {@code history.db.replaced-<UTC time>}, since a rebuild keeps only what the targets hold (not the
 * verify and restore-test records, notifications, acceptances, failed runs, or sets already
 * removed). A history that is locked or read-only is never moved: another process may still write it.
 * Then every complete set on every target is re-read and the intact ones adopted, as a run's
 * recovery step does.
 */
public final class HistoryRebuild {

    /**
     * What the rebuild did.
     *
     * @param history        the new history
     * @param movedTo        where the old one went; null when there was none
     * @param targets        the targets read
     * @param adopted        ids of the backups adopted, on any target
     * @param acceptedAnyway one line per adopted backup whose anomaly findings were taken as accepted
     * @param problems       damaged sets and targets that could not be listed, one line each
     */
    public record Report(Path history, Path movedTo, List<String> targets, Set<String> adopted,
                         List<String> acceptedAnyway, List<String> problems) {

        /** 0 when every target was read and every set on it was intact; 6 otherwise. */
        public int exitCode() {
            return problems.isEmpty() ? ExitCode.OK.code() : ExitCode.TARGET_FAILED.code();
        }
    }

    private final WorkflowContext context;

    public HistoryRebuild(WorkflowContext context) {
        this.context = context;
    }

    /**
     * Rebuilds the history from every target.
     *
     * @param force move a sound history that holds runs aside too (or one of a newer schema)
     * @return the report, also when a target could not be read: its exit code says so
     * @throws dev.backstop.core.LockedException a run holds the lock; nothing was touched
     * @throws ConfigException                   a sound history is there and {@code force} was not given
     * @throws PreflightException                the history is locked or read-only, or cannot be moved or created
     */
    public Report execute(boolean force) throws BackstopException {
        BackstopConfig config = context.config();
        try {
            StateDirectory.prepare(config.stateDir());
        } catch (IOException e) {
            throw new PreflightException("state_dir " + config.stateDir() + " cannot be created: " + e);
        }
        try (RunLock lock = RunLock.acquire(config.lockFile())) {
            Path movedTo = moveAside(config.historyFile(), force);
            try (HistoryStore history = HistoryStore.open(config.historyFile())) {
                Recovery.Adoption adoption = Recovery.adoptUnknownSets(context.targets(), config.host(), history,
                        context.clock(), context.log());
                return new Report(config.historyFile(), movedTo, context.targets().stream().map(Target::name).toList(),
                        adoption.adopted(), adoption.acceptedAnyway(), adoption.problems());
            } catch (HistoryException e) {
                throw new PreflightException("cannot create a new history: " + e.getMessage());
            }
        } catch (IOException e) {
            throw new PreflightException("cannot take the run lock " + config.lockFile() + ": " + e);
        }
    }

    private Path moveAside(Path file, boolean force) throws BackstopException {
        if (!HistoryFiles.exist(file)) {
            return null;
        }
        String label = "replaced";
        try (HistoryStore existing = HistoryStore.open(file)) {
            existing.checkIntegrity();
            if (existing.recentRuns(1).isEmpty()) {
                return null; // nothing in it to lose: the adoption fills it
            }
            if (!force) {
                throw new ConfigException("history " + file + " is sound; a rebuild keeps only what the targets hold"
                        + " (no verify or restore-test records, notifications, acceptances or failed runs): nothing was"
                        + " changed. Give --force to move it aside to " + file.getFileName() + ".replaced-<time>"
                        + " and rebuild anyway");
            }
        } catch (HistoryException e) {
            switch (e.condition()) {
                case DAMAGED -> label = "corrupt";
                case UNAVAILABLE -> throw new PreflightException("history " + file + " is locked or read-only, and another"
                        + " process may still write it: nothing was moved. " + e.getMessage());
                default -> {
                    if (!force) {
                        throw new ConfigException(e.getMessage() + "; nothing was changed. Give --force to move it aside"
                                + " to " + file.getFileName() + ".replaced-<time> and rebuild");
                    }
                }
            }
        }
        try {
            Path moved = HistoryFiles.moveAside(file, label, context.clock().instant());
            context.log().warn("history " + file + " moved aside to " + moved);
            return moved;
        } catch (IOException e) {
            throw new PreflightException("cannot move the history " + file + " aside: " + e + "; nothing was rebuilt");
        }
    }
}
