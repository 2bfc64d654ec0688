package dev.backstop.history;

import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.RunOutcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The run history of backstop in one SQLite file ({@code state_dir/history.db}).
 *
 * <p>Guarantees: every {@code record*} method is one transaction, so a crash or SIGKILL at any
 * moment leaves the state before or after it, never half of it; a write returns only once it is
 * durable on disk ({@code synchronous=FULL}). Several processes may use the same file: a writer
 * waits up to {@link Db#BUSY_TIMEOUT_MS} ms for another's transaction. Instances are thread-safe.
 *
 * <p>Every failure is a {@link HistoryException} naming the database file and the operation.
 *
 * <p>This class owns the connection, the transactions and the contracts; the SQL of each table is
 * in a class of its own: {@code RunRows}, {@code ComponentRows}, {@code CommitRows},
 * {@code AnomalyFindingRows}, {@code NotificationRows} and {@code VerificationRows}.
 */
public final class HistoryStore implements AutoCloseable {

    private final Db db;
    private boolean closed;

    private HistoryStore(Db db) {
        this.db = db;
    }

    /**
     * Opens the history at {@code dbFile}, creating it (mode 0600, parent directories 0700) when
     * missing, and applies any schema step not yet applied. Idempotent.
     *
     * @throws HistoryException when the file cannot be created or opened, is not a SQLite
     *                          database, or has a schema newer than this backstop knows
     */
    public static HistoryStore open(Path dbFile) {
        Db db = Db.open(dbFile);
        try {
            Migrations.apply(db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new HistoryStore(db);
    }

    /** The newest schema version this backstop writes. */
    public static int schemaVersion() {
        return Migrations.latest();
    }

    /**
     * Records the start of a run with outcome {@code running}. Not idempotent: an id already in
     * history is refused, since two runs must never share a backup set.
     */
    public synchronized void recordRunStarted(String id, String host, Instant started, long pid) {
        Objects.requireNonNull(id, "id");
        db.write("record the start of run " + id, c -> {
            RunRows.insertStarted(c, id, host, started, pid);
            return null;
        });
    }

    /**
     * Records one component of a run with its per-table row counts (from
     * {@code facts.tableRows()}), in one transaction. Idempotent: recording a component of the
     * same name again replaces it and its table rows.
     *
     * @throws HistoryException when the run is not in history
     */
    public synchronized void recordComponent(String runId, ComponentEntry entry) {
        db.write("record component " + entry.name() + " of run " + runId, c -> {
            RunRows.require(c, runId);
            ComponentRows.replace(c, runId, entry);
            return null;
        });
    }

    /**
     * Records what happened to the run's backup set on one target. Idempotent: a second record
     * for the same run and target replaces the first.
     *
     * @throws HistoryException when the run is not in history
     */
    public synchronized void recordTargetCommit(String runId, TargetCommitRecord r) {
        db.write("record the commit of run " + runId + " to target " + r.target(), c -> {
            RunRows.require(c, runId);
            CommitRows.upsert(c, runId, r);
            return null;
        });
    }

    /**
     * Marks a committed set as removed from a target by retention, so that {@link #committedIds}
     * no longer expects it there. Retention records this before it deletes the set, so that
     * history never expects a set that the target has stopped holding. Idempotent (the first
     * time is kept); returns false when history holds no such commit.
     */
    public synchronized boolean recordTargetRemoved(String runId, String target, Instant removedAt) {
        return db.write("record the removal of run " + runId + " from target " + target,
                c -> CommitRows.markRemoved(c, runId, target, removedAt));
    }

    /**
     * Withdraws {@link #recordTargetRemoved} for a set whose removal then failed: history expects
     * the set on the target again, as before. Idempotent; returns false when history holds no
     * such commit.
     */
    public synchronized boolean recordTargetRemovalFailed(String runId, String target) {
        return db.write("withdraw the removal of run " + runId + " from target " + target,
                c -> CommitRows.unmarkRemoved(c, runId, target));
    }

    /**
     * Records how a run ended. Idempotent: recording it again replaces the ending.
     *
     * @throws IllegalArgumentException when {@code outcome} is RUNNING
     * @throws HistoryException         when the run is not in history
     */
    public synchronized void recordRunFinished(String runId, Instant finished, RunOutcome outcome,
                                               int exitCode, String reason, long bytes) {
        if (outcome == RunOutcome.RUNNING) {
            throw new IllegalArgumentException("a finished run needs an outcome other than running");
        }
        db.write("record the end of run " + runId, c -> {
            RunRows.finish(c, runId, finished, outcome, exitCode, reason, bytes);
            return null;
        });
    }

    /**
     * Records the anomaly findings of a run, in order, in one transaction. Idempotent: recording
     * them again replaces the earlier list.
     *
     * @throws HistoryException when the run is not in history
     */
    public synchronized void recordFindings(String runId, List<AnomalyFinding> findings) {
        db.write("record the anomaly findings of run " + runId, c -> {
            RunRows.require(c, runId);
            AnomalyFindingRows.replace(c, runId, findings);
            return null;
        });
    }

    /** The anomaly findings of a run, in the order recorded; empty when it has none. */
    public synchronized List<AnomalyFinding> findings(String runId) {
        return db.read("read the anomaly findings of run " + runId, c -> AnomalyFindingRows.of(c, runId));
    }

    /**
     * Records one delivery attempt of a notifier for a run: whether it arrived, and why not.
     * Not idempotent: every attempt is a row.
     *
     * @throws HistoryException when the run is not in history
     */
    public synchronized void recordNotification(String runId, NotificationRecord n) {
        db.write("record notification " + n.notifier() + " of run " + runId, c -> {
            RunRows.require(c, runId);
            NotificationRows.insert(c, runId, n);
            return null;
        });
    }

    /** The notification attempts of a run, oldest first. */
    public synchronized List<NotificationRecord> notifications(String runId) {
        return db.read("read the notifications of run " + runId, c -> NotificationRows.of(c, runId));
    }

    /**
     * Accepts an anomaly run as the new normal, so that anomaly detection compares against it.
     * Idempotent (the first acceptance time is kept). Returns false when no anomaly run has that id.
     */
    public synchronized boolean acceptRun(String runId, Instant acceptedAt) {
        return db.write("accept run " + runId, c -> RunRows.accept(c, runId, acceptedAt));
    }

    /**
     * Turns every run still {@code running} into {@code aborted} with {@code reason}, in one
     * transaction. Only a caller holding the run lock may call this: the lock proves that no
     * live process owns those runs. Returns their ids, oldest first; empty when none.
     */
    public synchronized List<String> abortStaleRuns(String reason) {
        return db.write("abort stale runs", c -> RunRows.abortRunning(c, reason));
    }

    /** The newest {@code limit} runs, newest first; IllegalArgumentException when limit is negative. */
    public synchronized List<RunRecord> recentRuns(int limit) {
        requireNonNegative(limit, "limit");
        return db.read("read recent runs", c -> RunRows.recent(c, limit));
    }

    /** The run with this id, if history has it. */
    public synchronized Optional<RunRecord> run(String id) {
        return db.read("read run " + id, c -> RunRows.byId(c, id).stream().findFirst());
    }

    /** The components of a run with their table rows, by name; empty when it has none. */
    public synchronized List<ComponentRecord> components(String runId) {
        return db.read("read the components of run " + runId, c -> ComponentRows.of(c, runId));
    }

    /** The target commits of a run, by target name; empty when it has none. */
    public synchronized List<TargetCommitRecord> commits(String runId) {
        return db.read("read the target commits of run " + runId, c -> CommitRows.of(c, runId));
    }

    /** Ids that history records as committed on {@code target} and not removed since, oldest first. */
    public synchronized Set<String> committedIds(String target) {
        return db.read("read the backups committed on target " + target,
                c -> new LinkedHashSet<>(CommitRows.committedIds(c, target)));
    }

    /** Ids that history records as committed on {@code target} and removed by retention since, oldest first. */
    public synchronized Set<String> removedIds(String target) {
        return db.read("read the backups removed from target " + target,
                c -> new LinkedHashSet<>(CommitRows.removedIds(c, target)));
    }

    /** Ids of the runs that history records as still running (or killed, until the next run says so). */
    public synchronized Set<String> runningIds() {
        return db.read("read the running runs", c -> new LinkedHashSet<>(RunRows.running(c)));
    }

    /**
     * The newest {@code window} good runs (success, or an anomaly accepted since), newest first,
     * each with its components and table rows: the baseline of anomaly detection.
     * IllegalArgumentException when window is negative.
     */
    public synchronized List<RunDetail> lastGoodRuns(int window) {
        requireNonNegative(window, "window");
        return db.read("read the last good runs", c -> RunRows.lastGood(c, window));
    }

    /**
     * Records one verify or restore test with all its findings, in one transaction. Not
     * idempotent: each call is a new entry. Returns its id.
     */
    public synchronized long recordVerification(VerificationRecord r) {
        return db.write("record a " + r.kind(), c -> VerificationRows.insert(c, r));
    }

    /** The newest {@code limit} entries of one kind (verify, restore-test), newest first. */
    public synchronized List<VerificationRecord> recentVerifications(String kind, int limit) {
        requireNonNegative(limit, "limit");
        return db.read("read recent " + kind + " entries", c -> VerificationRows.recent(c, kind, limit));
    }

    /** Read queries for monitoring ({@code status}, {@code /metrics}, the dashboard) over this store. */
    public HistoryReports reports() {
        return new HistoryReports(this);
    }

    /** One read transaction on this store's connection, for {@link HistoryReports}. */
    synchronized <T> T read(String what, Db.Work<T> work) {
        return db.read(what, work);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            db.close();
        }
    }

    /** The value of a PRAGMA on this store's connection; for tests of the connection settings. */
    synchronized String pragma(String name) {
        return db.read("read pragma " + name, c -> HistoryQueries.strings(c, "PRAGMA " + name).get(0));
    }

    // SQLite reads LIMIT -1 as "no limit": a negative count is a caller's bug, not a wish for everything.
    private static void requireNonNegative(int count, String name) {
        if (count < 0) {
            throw new IllegalArgumentException(name + " must be 0 or more, got " + count);
        }
    }
}
