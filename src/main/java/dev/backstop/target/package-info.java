/**
 * Targets: the {@link dev.backstop.target.Target} storage contract and its path rules, the check
 * that a stored file is the one sent ({@link dev.backstop.target.StoredFileCheck}), the
 * decorators composed around every target in {@link dev.backstop.target.Targets} (retries,
 * resumable transfers), and one sub-package per kind (local, sftp, s3) that imports no sibling.
 * Each kind's {@link dev.backstop.target.TargetKind} descriptor says how its configuration is read
 * and printed, how the bare target is created and whether it is retried; {@code registry.Kinds}
 * lists the kinds. A target knows nothing of backup sets: the commit protocol of package
 * {@code commit} builds on these primitives.
 */
package dev.backstop.target;
