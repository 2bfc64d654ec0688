/**
 * Backup sets on a target: where they live ({@link dev.backstop.commit.BackupSetLayout}), the one
 * commit protocol that every target shares ({@link dev.backstop.commit.BackupSetCommitter}:
 * partial set, upload, verify, manifest, rename, confirm; cleanup on failure), the sweep of sets
 * that a killed run left in flight, and the listing and re-check of committed sets
 * ({@link dev.backstop.commit.BackupSets}). Builds on the primitives of {@code target} alone and
 * never on one target type.
 */
package dev.backstop.commit;
