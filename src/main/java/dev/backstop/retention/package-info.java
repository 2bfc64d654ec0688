/**
 * Retention: {@link dev.backstop.retention.RetentionPlanner} decides, as a pure function of the
 * backups, the policy, the time and the time zone, which backups a target keeps and why;
 * {@link dev.backstop.retention.RetentionExecutor} applies such a plan to a target and records it.
 * {@link dev.backstop.retention.SegmentPlanner} decides, as a pure function too, which archived
 * log files the kept dumps need; the executor removes the others.
 */
package dev.backstop.retention;
