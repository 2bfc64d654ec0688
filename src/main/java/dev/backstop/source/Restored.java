package dev.backstop.source;

import java.util.SortedMap;

/**
 * What a restore test brought back, measured as the source measured it when the backup was made;
 * a field is null when the kind has no such fact.
 *
 * @param how       what was done, for the report: {@code loaded into scratch database backstop_rt_...}
 * @param rawBytes  bytes after decompression
 * @param tableRows rows per table counted in the restored database
 * @param fileCount entries extracted (files, directories, links)
 * @param fileBytes bytes of the regular files extracted
 */
public record Restored(String how, long rawBytes, SortedMap<String, Long> tableRows, Long fileCount, Long fileBytes) {
}
