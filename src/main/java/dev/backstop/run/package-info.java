/**
 * The workflows, each an ordered list of steps: the backup run (lock, preflight, recovery, dumps,
 * validation, anomaly check, commit to every target, retention, history, notification) with the
 * aggregation of per-target results into one outcome, and beside it {@code verify},
 * {@code restore-test}, {@code restore} and {@code history rebuild} (lock where one is needed, the
 * checks or the restore of the {@code verify} package, history, notification). A backup run never
 * stops for its history ({@link dev.backstop.run.RunHistory}). Commands build a
 * {@link dev.backstop.run.WorkflowContext} and call one workflow.
 */
package dev.backstop.run;
