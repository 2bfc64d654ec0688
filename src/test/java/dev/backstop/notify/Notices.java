package dev.backstop.notify;

import dev.backstop.config.NotifyConfig;
import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.SourceFacts;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/** Sample run notices for the notifier tests. */
final class Notices {

    private Notices() {
    }

    static RunNotice anomaly() {
        Instant started = Instant.parse("2025-11-04T02:00:01Z");
        TreeMap<String, Long> rows = new TreeMap<>();
        rows.put("users", 1204L);
        rows.put("sessions", 0L);
        List<ComponentEntry> components = List.of(
                new ComponentEntry("appdb", "mysql", "appdb.sql.gz", "gzip", 10_000_000, 52_000_000, "ab".repeat(32),
                        2100, SourceFacts.database("10.11.6-MariaDB", true, rows)),
                new ComponentEntry("www", "files", "www.tar.gz", "gzip", 3_000_000, 9_000_000, "cd".repeat(32), 800,
                        SourceFacts.files(1523, 1523, 9_000_000, List.of(), List.of())));
        List<AnomalyFinding> findings = List.of(
                new AnomalyFinding("appdb", "bytes", 50_000_000, 10_000_000,
                        "appdb: bytes fell from 47.7 MiB (50000000 bytes) to 9.5 MiB (10000000 bytes) (-80%, limit -20%)"),
                new AnomalyFinding("appdb/sessions", "rows", 4211, 0, "table sessions of appdb fell to 0 rows from 4211"));
        String reason = "2 anomaly finding(s): " + findings.get(0).message() + "; " + findings.get(1).message();
        return new RunNotice(MessageText.firstLine("web-1", "20251104T020001Z", "anomaly", reason), "web-1",
                "20251104T020001Z", "anomaly", 7, Set.of(NotifyConfig.Event.ANOMALY), reason, started,
                started.plusSeconds(14), 13_000_000, components,
                List.of(new RunNotice.TargetLine("local", "committed",
                        "/var/backups/backstop/web-1/2025/11/04/20251104T020001Z", "read-back", null)),
                findings, List.of(), "1.0.0");
    }

    static RunNotice success() {
        RunNotice a = anomaly();
        return new RunNotice(MessageText.firstLine("web-1", a.id(), "success", null), a.host(), a.id(), "success", 0,
                Set.of(NotifyConfig.Event.SUCCESS), null, a.started(), a.finished(), a.storedBytes(), a.components(),
                a.targets(), List.of(), List.of(), a.version());
    }

    static RunNotice failedVerify() {
        Instant started = Instant.parse("2025-11-04T08:00:00Z");
        String result = "verify FAILED: 1 critical, 0 error(s), 0 warning(s); 3 backup set(s) on nas";
        return new RunNotice(MessageText.checkLine("web-1", result), RunNotice.VERIFY, "web-1", null, "failed", 6,
                Set.of(NotifyConfig.Event.FAILURE), result, started, started.plusSeconds(40), 123_456, List.of(),
                List.of(), List.of(), List.of(), List.of("CRITICAL nas 20251104T020001Z: history records this backup as"
                + " committed, but the target does not hold it"), "1.0.0");
    }
}
