/**
 * Health of the backups for monitoring: {@link dev.backstop.status.HealthEvaluator} turns what
 * history records (and, on request, what the targets hold) into one of the Nagios plugin states
 * OK, WARNING, CRITICAL, UNKNOWN, with every problem named and performance data. A pure function
 * of its inputs and an injected clock; reading history and targets is the caller's job.
 */
package dev.backstop.status;
