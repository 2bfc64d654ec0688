package dev.backstop.verify;

import dev.backstop.core.ExitCode;
import java.time.Duration;
import java.util.List;

/**
 * What {@code restore} did.
 *
 * @param restored one line per component: where it went
 * @param findings problems; a failing one stopped the restore before anything was written
 */
public record RestoreReport(String target, String backupId, Duration took, List<String> restored,
                            List<Finding> findings) {

    public RestoreReport {
        restored = List.copyOf(restored);
        findings = List.copyOf(findings);
    }

    public boolean ok() {
        return findings.stream().noneMatch(f -> f.severity().failing());
    }

    public int exitCode() {
        return ok() ? ExitCode.OK.code() : ExitCode.TARGET_FAILED.code();
    }
}
