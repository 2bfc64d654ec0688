package dev.backstop.history;

import java.time.Instant;
import java.util.List;

/**
 * One {@code verify} or {@code restore-test} as history keeps it.
 *
 * @param kind        {@code verify} or {@code restore-test}
 * @param started     when it began
 * @param finished    when it ended
 * @param targets     the targets checked, comma-separated
 * @param backupId    the backup a restore test restored; null for verify
 * @param readData    what verify re-hashed (none, all, 2/7, 10%); null for a restore test
 * @param setsChecked backup sets looked at
 * @param filesRead   component files read and hashed
 * @param bytesRead   bytes read and hashed
 * @param outcome     {@code ok}, {@code failed} (a finding of severity CRITICAL or ERROR), or
 *                    {@code interrupted}
 * @param restoreMs   a restore test's measured restore time (download, verify, restore,
 *                    compare: the RTO), in milliseconds; null for verify
 * @param findings    every finding, in the order found
 * @param servers     where a restore test loaded its dumps, kind and version of each server
 *                    ({@code mysql: disposable mariadbd Ver 10.11.6-MariaDB ...}), "; "-separated; null when
 *                    none was started (verify, a backup without dumps, a test on the source's server)
 */
public record VerificationRecord(String kind, Instant started, Instant finished, String targets, String backupId,
                                 String readData, int setsChecked, long filesRead, long bytesRead, String outcome,
                                 Long restoreMs, List<FindingRow> findings, String servers) {

    public static final String VERIFY = "verify";
    public static final String RESTORE_TEST = "restore-test";

    public VerificationRecord {
        findings = List.copyOf(findings);
    }

    /** A record that names no server. */
    public VerificationRecord(String kind, Instant started, Instant finished, String targets, String backupId,
                              String readData, int setsChecked, long filesRead, long bytesRead, String outcome,
                              Long restoreMs, List<FindingRow> findings) {
        this(kind, started, finished, targets, backupId, readData, setsChecked, filesRead, bytesRead, outcome,
                restoreMs, findings, null);
    }

    /** One finding; fields as in the verify package's Finding. */
    public record FindingRow(String severity, String target, String backupId, String file, String problem) {
    }
}
