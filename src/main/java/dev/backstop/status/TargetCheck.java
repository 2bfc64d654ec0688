package dev.backstop.status;

/**
 * One problem found by looking at a target itself ({@code status --check-targets}).
 *
 * @param target  the target's name
 * @param state   CRITICAL for a backup that history records but the target lacks or holds
 *                damaged, WARNING for something to tidy
 * @param message what is wrong, for a person
 */
public record TargetCheck(String target, HealthState state, String message) {
}
