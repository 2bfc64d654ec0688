package dev.backstop.run;

/**
 * What happened to the backup on one target.
 *
 * @param target   target name
 * @param state    committed, failed (commit failed) or skipped (left out at preflight)
 * @param path     final path of the set on the target, when committed
 * @param verified how the files were verified, when committed
 * @param reason   why it failed or was skipped
 */
public record TargetOutcome(String target, String state, String path, String verified, String reason) {

    public static final String COMMITTED = "committed";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";

    public boolean committed() {
        return COMMITTED.equals(state);
    }
}
