package dev.backstop.history;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What happened to one run's backup set on one target.
 *
 * @param target       target name from the configuration
 * @param outcome      committed, failed or skipped
 * @param path         where the set lives on the target (committed only), else null
 * @param verifiedWith how the upload was verified: {@code read-back} or {@code remote-hash}; null if not committed
 * @param bytes        bytes stored on the target; null if not committed
 * @param reason       why it failed or was skipped; null when committed
 * @param finishedAt   when the commit attempt ended
 * @param removedAt    when retention removed the set from the target; null while it is kept
 */
public record TargetCommitRecord(
        String target,
        Outcome outcome,
        String path,
        String verifiedWith,
        Long bytes,
        String reason,
        Instant finishedAt,
        Instant removedAt) {

    /** The outcome of one commit attempt. */
    public enum Outcome {
        /** Renamed into its final place after verification. */
        COMMITTED,
        /** Attempted and failed; nothing left under the final name. */
        FAILED,
        /** Not attempted, e.g. the target failed preflight. */
        SKIPPED;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Outcome ofWord(String word) {
            return valueOf(word.toUpperCase(Locale.ROOT));
        }
    }

    public TargetCommitRecord {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    public static TargetCommitRecord committed(String target, String path, String verifiedWith, long bytes, Instant finishedAt) {
        return new TargetCommitRecord(target, Outcome.COMMITTED, path, verifiedWith, bytes, null, finishedAt, null);
    }

    public static TargetCommitRecord failed(String target, String reason, Instant finishedAt) {
        return new TargetCommitRecord(target, Outcome.FAILED, null, null, null, reason, finishedAt, null);
    }

    public static TargetCommitRecord skipped(String target, String reason, Instant finishedAt) {
        return new TargetCommitRecord(target, Outcome.SKIPPED, null, null, null, reason, finishedAt, null);
    }
}
