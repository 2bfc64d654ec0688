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
import java.util.function.Supplier;

/**
 * The run history of backstop in one SQLite file ({@code state_dir/history.db}).
 *
 * <p>Guarantees: every {@code record*} method is one transaction, so a crash or SIGKILL at any
 * moment leaves the state before or after it, never half of it; a write returns only once it is
 * durable on disk ({@code synchronous=FULL}). Several processes may use the same file: a writer
 * waits up to {@link Db#BUSY_TIMEOUT_MS} ms for another's transaction. Instances are thread-safe.
 *
 * <p>Every failure is a {@link HistoryException} naming the database file and the operation,
 * and whether the file is damaged or only unavailable ({@link HistoryException#condition()}).
 * A backup run, which must never stop for its bookkeeping, asks the store to
 * {@linkplain #continueInMemoryOnFailure() continue in memory} instead.
 *
 * <p>This class owns the connection, the transactions and the contracts; the SQL of each table is
 * in a class of its own: {@code RunRows}, {@code ComponentRows}, {@code CommitRows},
 * {@code AnomalyFindingRows}, {@code NotificationRows} and {@code VerificationRows}.
 */
public final class HistoryStore implements AutoCloseable {

    /** How many problems {@link #checkIntegrity()} names at most. */
    private static final int PROBLEMS_NAMED = 3;

    private Db db;
    private boolean closed;
    private boolean failOver;
    private String unrecordedBecause;

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
        return migrated(Db.open(dbFile));
    }

    /** {@link #open(Path)} with a shorter busy timeout, for tests of a locked file. */
    static HistoryStore open(Path dbFile, int busyTimeoutMs) {
        return migrated(Db.open(dbFile, busyTimeoutMs));
    }

    /**
     * A history in memory only, starting with what can be read of {@code dbFile}: all of it when the
     * file is only read-only or locked, nothing when it is damaged, missing or of a newer schema.
     * Nothing written to it ever reaches the file; {@link #unrecordedBecause()} returns {@code why}.
     * For a run whose history cannot be written: it still compares with its baseline and knows
     * what the targets hold. Never throws for a reason of the file.
     */
    public static HistoryStore openInMemory(Path dbFile, String why) {
        HistoryStore store = new HistoryStore(memoryCopy(dbFile));
        store.unrecordedBecause = why;
        return store;
    }

    private static HistoryStore migrated(Db db) {
        try {
            Migrations.apply(db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new HistoryStore(db);
    }

    private static Db memoryCopy(Path dbFile) {
        Db copy = Db.memoryCopyOf(dbFile);
        try {
            Migrations.apply(copy);
            if (copy.quickCheck(1).isEmpty()) {
                return copy;
            }
            throw HistoryException.damaged("the copy of " + dbFile + " is damaged");
        } catch (HistoryException e) {
            // damaged pages would fail the run later, and a newer backstop's rows may mean something
            // else: start empty
            copy.close();
            Db empty = Db.emptyInMemory(dbFile);
            Migrations.apply(empty);
            return empty;
        }
    }

    /**
     * Reads every page and index of the file (SQLite's {@code quick_check}): a database damaged
     * beyond its first pages opens without complaint, and is found here rather than halfway through
     * a run. Reads the whole file; not for every command.
     *
     * @throws HistoryException with condition DAMAGED naming the first problems, or another
     *                          condition when the file cannot be read
     */
    public synchronized void checkIntegrity() {
        List<String> problems = db.quickCheck(PROBLEMS_NAMED);
        if (!problems.isEmpty()) {
            throw HistoryException.damaged("history database " + db.name() + " is damaged: "
                    + String.join("; ", problems));
        }
    }

    /**
     * From now on, a read or write that fails because of the file (locked beyond the busy timeout,
     * read-only, damaged, full) does not throw: the store goes on with an in-memory copy of what can
     * be read of the file and retries there, and {@link #unrecordedBecause()} says why. Nothing
     * written after that reaches the file. For a backup run, which must never stop for its
     * bookkeeping. Other failures (a row that is not there, a bug) still throw.
     */
    public synchronized void continueInMemoryOnFailure() {
        failOver = true;
    }

    /** Why what is written to this store no longer reaches its file; empty while it does. */
    public synchronized Optional<String> unrecordedBecause() {
        return Optional.ofNullable(unrecordedBecause);
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
        write("record the start of run " + id, c -> {
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
        write("record component " + entry.name() + " of run " + runId, c -> {
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
        write("record the commit of run " + runId + " to target " + r.target(), c -> {
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
        return write("record the removal of run " + runId + " from target " + target,
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
        write("record the end of run " + runId, c -> {
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
        write("record the anomaly findings of run " + runId, c -> {
            RunRows.require(c, runId);
            AnomalyFindingRows.replace(c, runId, findings);
            return null;
        });
    }

    /** The anomaly findings of a run, in the order recorded; empty when it has none. */
    public synchronized List<AnomalyFinding> findings(String runId) {
        return read("read the anomaly findings of run " + runId, c -> AnomalyFindingRows.of(c, runId));
    }

    /**
     * Records one delivery attempt of a notifier for a run: whether it arrived, and why not.
     * Not idempotent: every attempt is a row.
     *
     * @throws HistoryException when the run is not in history
     */
    public synchronized void recordNotification(String runId, NotificationRecord n) {
        write("record notification " + n.notifier() + " of run " + runId, c -> {
            RunRows.require(c, runId);
            NotificationRows.insert(c, runId, n);
            return null;
        });
    }

    /** The notification attempts of a run, oldest first. */
    public synchronized List<NotificationRecord> notifications(String runId) {
        return read("read the notifications of run " + runId, c -> NotificationRows.of(c, runId));
    }

    /**
     * Accepts an anomaly run as the new normal, so that anomaly detection compares against it.
     * Idempotent (the first acceptance time is kept). Returns false when no anomaly run has that id.
     */
    public synchronized boolean acceptRun(String runId, Instant acceptedAt) {
        return write("accept run " + runId, c -> RunRows.accept(c, runId, acceptedAt));
    }

    /**
     * Turns every run still {@code running} into {@code aborted} with {@code reason}, in one
     * transaction. Only a caller holding the run lock may call this: the lock proves that no
     * live process owns those runs. Returns their ids, oldest first; empty when none.
     */
    public synchronized List<String> abortStaleRuns(String reason) {
        return write("abort stale runs", c -> RunRows.abortRunning(c, reason));
    }

    /** The newest {@code limit} runs, newest first; IllegalArgumentException when limit is negative. */
    public synchronized List<RunRecord> recentRuns(int limit) {
        requireNonNegative(limit, "limit");
        return read("read recent runs", c -> RunRows.recent(c, limit));
    }

    /** The run with this id, if history has it. */
    public synchronized Optional<RunRecord> run(String id) {
        return read("read run " + id, c -> RunRows.byId(c, id).stream().findFirst());
    }

    /** The components of a run with their table rows, by name; empty when it has none. */
    public synchronized List<ComponentRecord> components(String runId) {
        return read("read the components of run " + runId, c -> ComponentRows.of(c, runId));
    }

    /** The target commits of a run, by target name; empty when it has none. */
    public synchronized List<TargetCommitRecord> commits(String runId) {
        return read("read the target commits of run " + runId, c -> CommitRows.of(c, runId));
    }

    /** Ids that history records as committed on {@code target} and not removed since, oldest first. */
    public synchronized Set<String> committedIds(String target) {
        return read("read the backups committed on target " + target,
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
        return read("read the last good runs", c -> RunRows.lastGood(c, window));
    }

    /**
     * Records one verify or restore test with all its findings, in one transaction. Not
     * idempotent: each call is a new entry. Returns its id.
     */
    public synchronized long recordVerification(VerificationRecord r) {
        return write("record a " + r.kind(), c -> VerificationRows.insert(c, r));
    }

    /** The newest {@code limit} entries of one kind (verify, restore-test), newest first. */
    public synchronized List<VerificationRecord> recentVerifications(String kind, int limit) {
        requireNonNegative(limit, "limit");
        return read("read recent " + kind + " entries", c -> VerificationRows.recent(c, kind, limit));
    }

    /** Read queries for monitoring ({@code status}, {@code /metrics}, the dashboard) over this store. */
    public HistoryReports reports() {
        return new HistoryReports(this);
    }

    /** One read transaction on this store's connection, for {@link HistoryReports}. */
    synchronized <T> T read(String what, Db.Work<T> work) {
        return failingOver(() -> db.read(what, work));
    }

    private <T> T write(String what, Db.Work<T> work) {
        return failingOver(() -> db.write(what, work));
    }

    /** Runs {@code attempt}, and once more on the in-memory copy when the file failed under it. */
    private <T> T failingOver(Supplier<T> attempt) {
        try {
            return attempt.get();
        } catch (HistoryException e) {
            failOverOrThrow(e);
            return attempt.get(); // reads the field anew: the copy
        }
    }

    /** Continues in memory when allowed and the file is at fault; otherwise rethrows. */
    private void failOverOrThrow(HistoryException e) {
        if (!failOver || unrecordedBecause != null || e.condition() == HistoryException.Condition.OTHER) {
            throw e;
        }
        Db failed = db;
        try {
            failed.close();
        } catch (HistoryException ignored) {
            // it failed already; the copy below reads the file anew
        }
        db = memoryCopy(failed.file());
        unrecordedBecause = e.getMessage();
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
