package dev.backstop.source;

import java.util.SortedMap;

/**
 * What a restore test brought back, measured as the source measured it when the backup was made;
 * a field is null when the kind has no such fact.
 *
 * @param how       what was done, for the report: {@code loaded into scratch database backstop_rt_...}
 * @param rawBytes  bytes after decompression
 * @param tableRows rows per table counted in the restored database
 * @param fileCount regular files extracted
 * @param fileBytes bytes of the regular files extracted
 * @param entries   entries extracted (regular files, directories, links); null when the kind has none
 */
public record Restored(String how, long rawBytes, SortedMap<String, Long> tableRows, Long fileCount, Long fileBytes,
                       Long entries) {

    /** What a kind without archive entries brought back. */
    public Restored(String how, long rawBytes, SortedMap<String, Long> tableRows, Long fileCount, Long fileBytes) {
        this(how, rawBytes, tableRows, fileCount, fileBytes, null);
    }
}
