package dev.backstop.run;

import dev.backstop.core.ExitCode;
import dev.backstop.retention.RetentionExecutor;
import java.util.List;

/**
 * What one {@code prune} did, or with dry run would do, on each target.
 *
 * @param dryRun  true when nothing was removed
 * @param targets one result per target, in order
 */
public record PruneReport(boolean dryRun, List<RetentionExecutor.Result> targets) {

    public PruneReport {
        targets = List.copyOf(targets);
    }

    /** Backups removed, on every target. */
    public long removed() {
        return targets.stream().mapToLong(RetentionExecutor.Result::removed).sum();
    }

    /** Incomplete set directories removed, on every target. */
    public long orphans() {
        return targets.stream().mapToLong(r -> r.orphans().size()).sum();
    }

    /** Archived log files whose segments were removed, on every target. */
    public long logFilesRemoved() {
        return targets.stream().mapToLong(RetentionExecutor.Result::logFilesRemoved).sum();
    }

    /** Removals that failed, on every target; each is named in its target's result. */
    public long failures() {
        return targets.stream().mapToLong(r -> r.failures().size()).sum();
    }

    /** 0 when every removal was done, 6 when one failed. */
    public int exitCode() {
        return failures() == 0 ? ExitCode.OK.code() : ExitCode.TARGET_FAILED.code();
    }
}
