/**
 * The backup run as an ordered list of steps (lock, preflight, recovery, dumps, validation,
 * commit to every target, history), and the aggregation of per-target results into one outcome.
 */
package dev.backstop.run;
