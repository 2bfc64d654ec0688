package dev.backstop.history;

import java.time.Instant;

/**
 * The newest backup that history records as committed (and verified) on one target and not
 * removed since.
 *
 * @param target       target name
 * @param runId        the backup's id
 * @param runStartedAt when its run started: the moment its data was taken (what an RPO measures)
 * @param committedAt  when it was renamed into place on the target
 * @param bytes        bytes stored there; null when not recorded
 * @param verifiedWith read-back or remote-hash
 * @param count        how many committed backups history expects on the target
 */
public record StoredBackup(String target, String runId, Instant runStartedAt, Instant committedAt, Long bytes,
                           String verifiedWith, int count) {
}
