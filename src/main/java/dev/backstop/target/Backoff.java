package dev.backstop.target;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When to retry: exponential backoff with jitter, capped per wait, within a total budget. A pure
 * function of the attempt number and a random draw, so tests choose the draw.
 *
 * @param retries    how many retries after the first attempt (0: never retry)
 * @param firstDelay the wait before the first retry; doubled for each further one
 * @param maxDelay   the longest single wait
 * @param budget     the longest time an operation may take with all its retries
 */
public record Backoff(int retries, Duration firstDelay, Duration maxDelay, Duration budget) {

    /** The longest single wait between two attempts. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(1);

    public Backoff {
        if (retries < 0 || firstDelay.isNegative() || maxDelay.isNegative() || budget.isNegative()) {
            throw new IllegalArgumentException("negative retry settings");
        }
    }

    /**
     * The wait before retry number {@code retry} (1 for the first), or null when no retry is
     * left: all retries used, or the wait would end after the budget.
     *
     * @param elapsed time spent on the operation so far
     * @param random  a draw in [0, 1); half of the wait is fixed, the other half is jitter, so
     *                that many clients cut at once do not come back at once
     */
    public Duration delay(int retry, Duration elapsed, DoubleSupplier random) {
        if (retry < 1 || retry > retries) {
            return null;
        }
        long cap = maxDelay.toMillis();
        long base = firstDelay.toMillis();
        for (int i = 1; i < retry && base < cap; i++) {
            base *= 2;
        }
        base = Math.min(base, cap);
        long wait = base / 2 + (long) (random.getAsDouble() * (base - base / 2));
        Duration d = Duration.ofMillis(wait);
        return elapsed.plus(d).compareTo(budget) > 0 ? null : d;
    }
}
