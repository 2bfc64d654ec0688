package dev.backstop.core;

/**
 * A value of this run that departs from its history beyond the configured threshold.
 *
 * @param subject  what is measured: a component name, or {@code component/table}
 * @param metric   bytes, raw_bytes, file_count or rows
 * @param baseline median of the recent good runs
 * @param current  value of this run
 * @param message  one human sentence with both values
 */
public record AnomalyFinding(String subject, String metric, long baseline, long current, String message) {
}
