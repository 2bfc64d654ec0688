/**
 * Checks that what the targets hold is what history and the manifests say, and that it restores:
 * {@code verify} (presence, sizes, SHA256SUMS, optionally every byte re-hashed, reconciliation
 * with history), {@code restore-test} (a scratch restore compared with the manifest's facts) and
 * {@code restore} (disaster recovery into a directory and new database names). Decisions are
 * pure functions over listings ({@link dev.backstop.verify.SetChecks},
 * {@link dev.backstop.verify.Reconciliation}); the workflows do the I/O through the
 * {@link dev.backstop.target.Target} interface only, so they work on every target type.
 */
package dev.backstop.verify;
