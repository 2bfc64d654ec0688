package dev.backstop.dashboard;

import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.BackupId;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.RunOutcome;
import dev.backstop.core.SourceFacts;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.NotificationRecord;
import dev.backstop.history.TargetCommitRecord;
import dev.backstop.history.VerificationRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.TreeMap;

/**
 * A history as a server with three runs a day would have it, written through {@link HistoryStore}:
 * runs every eight hours up to {@code now}, mostly successes, with a partial run (target nas
 * unreachable), an interrupted run, an anomaly (appdb shrank to a fifth, table sessions emptied),
 * and, newest, a failed run whose e-mail notification failed too. Plus a verify and a restore test.
 */
public final class SampleHistory {

    public static final String FAILED_REASON = "source appdb failed: mariadb-dump exited 2: Lost connection to server during query";
    public static final String PARTIAL_REASON = "target nas failed: connection to nas.example.lan:22 timed out after 30s";
    public static final long RESTORE_MS = 94_000;

    /** Which run (counted back from the newest, 0) is what. */
    public static final int ANOMALY_BACK = 6;
    public static final int PARTIAL_BACK = 20;
    public static final int INTERRUPTED_BACK = 35;

    public final List<String> ids;

    private SampleHistory(List<String> ids) {
        this.ids = ids;
    }

    /** Writes {@code count} runs ending just before {@code now} into the history at {@code file}. */
    public static SampleHistory write(Path file, Instant now, int count) {
        List<String> ids = new java.util.ArrayList<>();
        Instant first = now.truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(8L * count - 2));
        try (HistoryStore h = HistoryStore.open(file)) {
            for (int i = 0; i < count; i++) {
                int back = count - 1 - i;
                Instant start = first.plus(Duration.ofHours(8L * i));
                String id = BackupId.at(start).toString();
                ids.add(id);
                h.recordRunStarted(id, "api-gateway", start, 4000 + i);
                Instant end = start.plusSeconds(140 + i % 17);
                if (back == 0) {
                    h.recordRunFinished(id, end, RunOutcome.FAILED, 5, FAILED_REASON, 0);
                    h.recordNotification(id, new NotificationRecord("email to ops@example.com", "failure", false,
                            "SMTP server smtp.example.com:587 refused the connection", end));
                    continue;
                }
                if (back == INTERRUPTED_BACK) {
                    h.recordRunFinished(id, start.plusSeconds(40), RunOutcome.INTERRUPTED, 143, "interrupted by SIGTERM", 0);
                    continue;
                }
                boolean anomaly = back == ANOMALY_BACK;
                List<ComponentEntry> components = components(i, anomaly);
                long bytes = 0;
                for (ComponentEntry c : components) {
                    h.recordComponent(id, c);
                    bytes += c.bytes();
                }
                h.recordTargetCommit(id, TargetCommitRecord.committed("local", "/var/backups/backstop/" + id, "read-back",
                        bytes, end));
                if (back == PARTIAL_BACK) {
                    h.recordTargetCommit(id, TargetCommitRecord.failed("nas", PARTIAL_REASON, end));
                    h.recordRunFinished(id, end, RunOutcome.PARTIAL, 6, PARTIAL_REASON, bytes);
                    continue;
                }
                h.recordTargetCommit(id, TargetCommitRecord.committed("nas", "/homes/FSAdmin/Backup/" + id, "remote-hash",
                        bytes, end));
                if (anomaly) {
                    h.recordFindings(id, List.of(
                            new AnomalyFinding("appdb", "bytes", 48_000_000, 9_600_000,
                                    "appdb: bytes fell from 45.8 MiB (48000000 bytes) to 9.2 MiB (9600000 bytes) (-80%, limit -20%)"),
                            new AnomalyFinding("appdb/sessions", "rows", 4211, 0, "table sessions of appdb fell to 0 rows from 4211")));
                    h.recordRunFinished(id, end, RunOutcome.ANOMALY, 7, null, bytes);
                } else {
                    h.recordRunFinished(id, end, RunOutcome.SUCCESS, 0, null, bytes);
                }
            }
            h.recordVerification(new VerificationRecord(VerificationRecord.VERIFY, now.minus(Duration.ofHours(6)),
                    now.minus(Duration.ofHours(6)).plusSeconds(75), "local,nas", null, "3/7", count, 42, 2_000_000_000L,
                    "ok", null, List.of()));
            h.recordVerification(new VerificationRecord(VerificationRecord.RESTORE_TEST, now.minus(Duration.ofDays(2)),
                    now.minus(Duration.ofDays(2)).plusMillis(RESTORE_MS), "local", ids.get(Math.max(0, count - 8)), null, 1, 3,
                    170_000_000L, "ok", RESTORE_MS, List.of(), "mysql: disposable mariadbd Ver 10.11.6-MariaDB"));
        }
        return new SampleHistory(ids);
    }

    /** Sizes that grow slowly with a little deterministic noise; the anomaly run's appdb is a fifth. */
    static List<ComponentEntry> components(int i, boolean anomaly) {
        long noise = (i * 7919L) % 600_000;
        long appdb = anomaly ? 9_600_000 : 46_000_000 + i * 9_000L + noise;
        TreeMap<String, Long> rows = new TreeMap<>();
        rows.put("users", 12_000 + i * 3L);
        rows.put("orders", 85_000 + i * 40L);
        rows.put("order_items", 240_000 + i * 110L);
        rows.put("events", 150_000 + i * 260L + noise / 50);
        rows.put("sessions", anomaly ? 0 : 4_000 + (i * 37L) % 500);
        rows.put("settings", 42L);
        rows.put("audit_log", 60_000 + i * 90L);
        long uploads = 118_000_000 + i * 60_000L + noise / 3;
        return List.of(
                new ComponentEntry("appdb", "mysql", "appdb.sql.gz", "gzip", appdb, appdb * 6, "ab".repeat(32),
                        41_000 + i % 900, SourceFacts.database("10.11.6-MariaDB", true, rows)),
                new ComponentEntry("uploads", "files", "uploads.tar.gz", "gzip", uploads, uploads + uploads / 20,
                        "cd".repeat(32), 63_000, SourceFacts.files(18_400 + i * 3L, 18_400 + i * 3L, uploads, List.of(), List.of())),
                new ComponentEntry("system-config", "files", "system-config.tar.gz", "gzip", 2_150_000, 9_800_000,
                        "ef".repeat(32), 1_200, SourceFacts.files(1_412, 1_412, 9_800_000, List.of(), List.of())));
    }
}
