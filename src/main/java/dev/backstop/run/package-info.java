/**
 * The backup run as an ordered list of steps (lock, preflight, recovery, dumps, validation,
 * anomaly check, commit to every target, retention, history, notification), each step a small
 * class, and the aggregation of per-target results into one outcome.
 */
package dev.backstop.run;
