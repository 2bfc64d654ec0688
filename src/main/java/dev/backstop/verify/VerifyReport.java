package dev.backstop.verify;

import dev.backstop.core.ExitCode;
import java.time.Instant;
import java.util.List;

/**
 * What one {@code verify} found.
 *
 * @param targets     the targets checked
 * @param readData    what was re-hashed (none, all, 2/7, 10%)
 * @param setsChecked backup sets looked at
 * @param filesRead   component files read and hashed
 * @param bytesRead   bytes read and hashed
 * @param findings    every finding, in the order found
 */
public record VerifyReport(Instant started, Instant finished, List<String> targets, String readData,
                           int setsChecked, long filesRead, long bytesRead, List<Finding> findings) {

    public VerifyReport {
        targets = List.copyOf(targets);
        findings = List.copyOf(findings);
    }

    /** True when nothing CRITICAL or ERROR was found. */
    public boolean ok() {
        return findings.stream().noneMatch(f -> f.severity().failing());
    }

    /** 0 when every backup checked is right, 6 when one is missing, corrupt or not as recorded. */
    public int exitCode() {
        return ok() ? ExitCode.OK.code() : ExitCode.TARGET_FAILED.code();
    }

    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }
}
