package dev.backstop.retention;

import java.time.Instant;

/**
 * A backup as retention sees it.
 *
 * @param id       backup id
 * @param time     when it was made
 * @param verified true when history records it as committed and verified on this target
 */
public record Backup(String id, Instant time, boolean verified) {
}
