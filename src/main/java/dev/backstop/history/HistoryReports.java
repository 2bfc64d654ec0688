package dev.backstop.history;

import java.time.Instant;
import java.util.List;

/**
 * Read-only queries for monitoring, over one {@link HistoryStore}: the overview that
 * {@code status} and {@code /metrics} evaluate, and the runs of a period that the dashboard
 * draws. Every method is one read transaction, so it sees one consistent state while a run
 * writes; none changes the history. Failures are {@link HistoryException}s naming the file.
 */
public final class HistoryReports {

    /** How many verify and restore-test entries are searched for the newest one that passed. */
    private static final int PASSED_SEARCH = 200;

    private final HistoryStore store;

    HistoryReports(HistoryStore store) {
        this.store = store;
    }

    /** The newest state of the history: newest runs, newest backup per target, counts, checks. */
    public Overview overview() {
        return store.read("read the overview of the history", c -> {
            RunRecord finished = ReportQueries.newest(c, "outcome <> 'running'");
            RunRecord running = ReportQueries.newest(c, "outcome = 'running'");
            RunRecord success = ReportQueries.newest(c, "outcome = 'success'");
            RunRecord stored = ReportQueries.newest(c, "outcome IN ('success', 'anomaly', 'partial')");
            List<VerificationRecord> verifies = VerificationRows.recent(c, VerificationRecord.VERIFY, 1);
            List<VerificationRecord> tests = VerificationRows.recent(c, VerificationRecord.RESTORE_TEST, PASSED_SEARCH);
            return new Overview(finished == null ? null : ReportQueries.view(c, finished), running, success,
                    stored == null ? null : ReportQueries.view(c, stored), ReportQueries.stored(c), ReportQueries.outcomeCounts(c),
                    verifies.isEmpty() ? null : verifies.get(0), tests.isEmpty() ? null : tests.get(0),
                    tests.stream().filter(t -> "ok".equals(t.outcome())).findFirst().orElse(null));
        });
    }

    /**
     * Every run that started at or after {@code since}, oldest first, with its components,
     * table rows, findings, commits and failed notifications.
     */
    public List<RunView> runsSince(Instant since) {
        return store.read("read the runs since " + since, c -> ReportQueries.runsSince(c, Db.time(since)));
    }

    /**
     * A number that changes whenever another connection (a run, a verify) commits to the history
     * ({@code PRAGMA data_version}): a reader can keep what it read while this stays the same.
     */
    public long dataVersion() {
        return store.read("read the data version", c -> {
            try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("PRAGMA data_version")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The newest {@code limit} entries of one kind ({@code verify}, {@code restore-test}), newest first. */
    public List<VerificationRecord> verifications(String kind, int limit) {
        return store.recentVerifications(kind, limit);
    }
}
