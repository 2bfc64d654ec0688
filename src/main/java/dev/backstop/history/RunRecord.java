package dev.backstop.history;

import dev.backstop.core.RunOutcome;
import java.time.Instant;

/**
 * One run as history records it.
 *
 * @param id         backup id, e.g. {@code 20251104T020001Z}
 * @param host       host namespace the run wrote under
 * @param startedAt  when the run started
 * @param finishedAt when it ended; null while running or when its process died
 * @param pid        process id of the run
 * @param outcome    how it ended, {@link RunOutcome#RUNNING} until then
 * @param exitCode   exit code of the run; null until it ended
 * @param reason     one human sentence on why it ended so; null on success
 * @param bytes      total bytes stored by the run; null until it ended
 * @param acceptedAt when an administrator accepted its anomaly as the new normal; null if not
 */
public record RunRecord(
        String id,
        String host,
        Instant startedAt,
        Instant finishedAt,
        long pid,
        RunOutcome outcome,
        Integer exitCode,
        String reason,
        Long bytes,
        Instant acceptedAt) {

    /** True for the runs that anomaly detection compares against: success, or an accepted anomaly. */
    public boolean isGood() {
        return outcome == RunOutcome.SUCCESS || (outcome == RunOutcome.ANOMALY && acceptedAt != null);
    }
}
