package dev.backstop.status;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits that {@code status} checks against.
 *
 * @param maxAge               the RPO: the newest backup on every target must be younger
 * @param maxRestoreTestAge    a restore test that passed must be younger, else WARNING
 * @param maxVerifyAge         a {@code verify} must have run within this, else WARNING; null: not checked
 */
public record HealthPolicy(Duration maxAge, Duration maxRestoreTestAge, Duration maxVerifyAge) {

    /** A day and an hour: a daily schedule with room for a randomized delay. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(25);
    /** A weekly restore test, with a day to spare. */
    public static final Duration DEFAULT_MAX_RESTORE_TEST_AGE = Duration.ofDays(8);

    public HealthPolicy {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(maxRestoreTestAge, "maxRestoreTestAge");
    }

    public static HealthPolicy defaults() {
        return new HealthPolicy(DEFAULT_MAX_AGE, DEFAULT_MAX_RESTORE_TEST_AGE, null);
    }
}
