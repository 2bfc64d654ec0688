package dev.backstop.core;

import java.time.Instant;

/**
 * The recovery point of a source's binary-log archive over a stretch of time: the greatest log
 * lag (how much of what the server had written was not yet on every target) seen in it.
 *
 * @param at         the stretch's start
 * @param lagSeconds the greatest lag in it, in seconds
 */
public record RecoveryPointSample(Instant at, long lagSeconds) {
}
