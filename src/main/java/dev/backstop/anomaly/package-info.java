/**
 * Anomaly detection: a pure function from this run's component facts and the recent good runs to
 * findings (size, raw size, file count and per-table row count against the median of a window).
 * Whole-number arithmetic only, so that a threshold reads the same on every machine.
 */
package dev.backstop.anomaly;
