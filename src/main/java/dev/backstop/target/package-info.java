/**
 * Targets: the {@link dev.backstop.target.Target} storage contract, the one atomic commit
 * protocol that every target shares ({@link dev.backstop.target.BackupSetCommitter}), and one
 * sub-package per type (local, later sftp and s3) that imports no sibling.
 */
package dev.backstop.target;
