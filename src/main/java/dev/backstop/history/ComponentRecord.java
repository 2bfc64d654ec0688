package dev.backstop.history;

import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ComponentIncrement;
import dev.backstop.core.SourceFacts;
import java.util.SortedMap;

/**
 * One component of a run as history records it: the manifest entry plus the per-table row
 * counts, read from their own table so that they need no JSON parsing to query.
 *
 * @param runId       the run it belongs to
 * @param name        source name
 * @param type        source type
 * @param file        file name inside the backup set
 * @param compression gzip or zstd
 * @param bytes       stored (compressed) size
 * @param rawBytes    size before compression
 * @param sha256      SHA-256 of the stored file
 * @param durationMs  time the dump took
 * @param facts       type-specific facts, as recorded
 * @param tableRows   rows per table; empty for sources without tables
 * @param incremental where the archive stands in its chain of incremental archives; null for a
 *                    component stored whole
 */
public record ComponentRecord(
        String runId,
        String name,
        String type,
        String file,
        String compression,
        long bytes,
        long rawBytes,
        String sha256,
        long durationMs,
        SourceFacts facts,
        SortedMap<String, Long> tableRows,
        ComponentIncrement incremental) {

    public ComponentRecord {
        tableRows = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(tableRows));
    }

    /** A component stored whole. */
    public ComponentRecord(String runId, String name, String type, String file, String compression, long bytes,
                           long rawBytes, String sha256, long durationMs, SourceFacts facts,
                           SortedMap<String, Long> tableRows) {
        this(runId, name, type, file, compression, bytes, rawBytes, sha256, durationMs, facts, tableRows, null);
    }

    /** The manifest entry this record was made from. */
    public ComponentEntry toEntry() {
        return new ComponentEntry(name, type, file, compression, bytes, rawBytes, sha256, durationMs, facts, null,
                incremental);
    }
}
