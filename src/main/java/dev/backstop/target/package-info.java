/**
 * Targets: the {@link dev.backstop.target.Target} storage contract and its path rules, the check
 * that a stored file is the one sent ({@link dev.backstop.target.StoredFileCheck}), the
 * decorators composed around every target (retries, resumable transfers), and one sub-package
 * per type (local, sftp, s3) that imports no sibling. A target knows nothing of backup sets: the
 * commit protocol of package {@code commit} builds on these primitives.
 */
package dev.backstop.target;
