package dev.backstop.verify;

import dev.backstop.core.ExitCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one restore test found.
 *
 * @param target      the target it downloaded from
 * @param backupId    the backup it restored, or null when none could be chosen
 * @param restoreTime download, hash check, restore and comparison: the measured RTO
 * @param bytes       bytes downloaded
 * @param components  one line per component: what was restored and compared
 * @param cleaned     scratch databases and directories left by earlier, killed tests and removed now
 * @param findings    every problem
 * @param logChains   one line per source whose log chain up to this backup was replayed and matched
 */
public record RestoreTestReport(Instant started, Instant finished, String target, String backupId,
                                Duration restoreTime, long bytes, List<String> components, List<String> cleaned,
                                List<Finding> findings, List<String> logChains) {

    public RestoreTestReport {
        logChains = logChains == null ? List.of() : List.copyOf(logChains);
        components = List.copyOf(components);
        cleaned = List.copyOf(cleaned);
        findings = List.copyOf(findings);
    }

    /** This report with {@code more} leftovers removed before it, listed first. */
    public RestoreTestReport withCleaned(List<String> more) {
        List<String> all = new java.util.ArrayList<>(more);
        all.addAll(cleaned);
        return new RestoreTestReport(started, finished, target, backupId, restoreTime, bytes, components, all, findings,
                logChains);
    }

    public boolean ok() {
        return findings.stream().noneMatch(f -> f.severity().failing());
    }

    /** 0 when the backup restored to exactly what its manifest recorded, else 6. */
    public int exitCode() {
        return ok() ? ExitCode.OK.code() : ExitCode.TARGET_FAILED.code();
    }
}
