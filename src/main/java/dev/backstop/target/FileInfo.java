package dev.backstop.target;

import java.time.Instant;

/**
 * One entry on a target.
 *
 * @param name      the last path element
 * @param directory whether it is a directory
 * @param size      bytes of a file; 0 for a directory
 * @param modified  last modification time, or null when the storage does not say
 */
public record FileInfo(String name, boolean directory, long size, Instant modified) {
}
