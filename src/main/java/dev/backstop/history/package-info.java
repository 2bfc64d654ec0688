/**
 * The run history of backstop: one SQLite database in {@code state_dir/history.db} holding every
 * run, its components with per-table row counts, and its commits to each target.
 *
 * <p>This is the only package that knows JDBC. Every write is one transaction, so a crash at any
 * moment leaves either the old or the new state, never a half-written row. The schema is versioned:
 * {@link dev.backstop.history.Migrations} lists the steps, each applied exactly once, and a
 * database written by a newer backstop is refused instead of being misread. A failure says
 * whether the file is damaged or only locked or read-only ({@link dev.backstop.history.HistoryException}),
 * {@link dev.backstop.history.HistoryFiles} moves a damaged one aside with its companions, and a
 * store can go on in memory when its file fails under a backup run.
 */
package dev.backstop.history;
