package dev.backstop.run;

import dev.backstop.history.HistoryStore;
import dev.backstop.history.VerificationRecord;
import dev.backstop.verify.Finding;
import java.util.List;
import java.util.Optional;

/** What verify and restore-test share in history: their findings as rows, and the check before. */
final class CheckHistory {

    static final String OK = "ok";
    static final String FAILED = "failed";
    static final String INTERRUPTED = "interrupted";
    /** The environment could not carry the check out (status: WARNING); nothing is said about the backup. */
    static final String NOT_RUN = "not run";

    private CheckHistory() {
    }

    /** The newest check of this kind; a success after a failed one is a recovery. */
    static Optional<VerificationRecord> previous(HistoryStore history, String kind) {
        return history.recentVerifications(kind, 1).stream().findFirst();
    }

    static String outcome(boolean ok) {
        return ok ? OK : FAILED;
    }

    static List<VerificationRecord.FindingRow> rows(List<Finding> findings) {
        return findings.stream().map(f -> new VerificationRecord.FindingRow(f.severity().name(), f.target(), f.backupId(),
                f.file(), f.problem())).toList();
    }

    /** One line per finding, as notifications list them. */
    static List<String> lines(List<Finding> findings) {
        return findings.stream().map(Finding::line).toList();
    }
}
