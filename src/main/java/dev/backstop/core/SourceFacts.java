package dev.backstop.core;

import java.util.List;
import java.util.SortedMap;

/**
 * What a source learned about its data while dumping it, recorded in the manifest and in
 * history so that anomaly detection and restore tests can compare against it. Fields that do
 * not apply to a source type are null.
 *
 * @param serverVersion database server version as the dump reported it
 * @param trailerSeen   whether the dump tool's completion trailer arrived
 * @param tableRows     rows per table, as counted in the dump stream itself
 * @param fileCount     regular files archived; in sets made before {@code entries} was recorded, every
 *                      entry, directories and links included ({@link #countsEntriesAsFiles})
 * @param fileBytes     bytes of regular file content archived
 * @param skipped       files left out, with the reason (vanished, special file)
 * @param changed       files archived although they changed while being read
 * @param binlog        where the server's binary log stood at the dump's snapshot, the start of
 *                      the log segments to replay after it; null when the server writes none
 * @param entries       every entry archived: regular files, directories and symbolic links; null in
 *                      sets written before it was recorded, whose {@code fileCount} counted these
 */
public record SourceFacts(
        String serverVersion,
        Boolean trailerSeen,
        SortedMap<String, Long> tableRows,
        Long fileCount,
        Long fileBytes,
        List<FileNote> skipped,
        List<FileNote> changed,
        BinlogPosition binlog,
        Long entries) {

    /** Facts without {@code entries}, as a database source and older sets have them. */
    public SourceFacts(String serverVersion, Boolean trailerSeen, SortedMap<String, Long> tableRows, Long fileCount,
                       Long fileBytes, List<FileNote> skipped, List<FileNote> changed, BinlogPosition binlog) {
        this(serverVersion, trailerSeen, tableRows, fileCount, fileBytes, skipped, changed, binlog, null);
    }

    /** Whether {@code fileCount} counts every entry, as sets made before {@code entries} was recorded count. */
    public boolean countsEntriesAsFiles() {
        return fileCount != null && entries == null;
    }

    /** A file with what happened to it. */
    public record FileNote(String path, String reason) {
    }

    /**
     * A place in the server's binary log: the dump holds every transaction before byte
     * {@code position} of {@code file}, and none after.
     *
     * @param gtid the server's GTID position at that place, or null when the dump tool gave none
     */
    public record BinlogPosition(String file, long position, String gtid) {
    }

    public static SourceFacts none() {
        return new SourceFacts(null, null, null, null, null, null, null, null);
    }

    public static SourceFacts database(String serverVersion, boolean trailerSeen, SortedMap<String, Long> tableRows) {
        return new SourceFacts(serverVersion, trailerSeen, tableRows, null, null, null, null, null);
    }

    /**
     * @param fileCount regular files archived
     * @param entries   every entry archived: regular files, directories and links
     */
    public static SourceFacts files(long fileCount, long entries, long fileBytes, List<FileNote> skipped,
                                    List<FileNote> changed) {
        return new SourceFacts(null, null, null, fileCount, fileBytes, List.copyOf(skipped), List.copyOf(changed), null,
                entries);
    }

    /** These facts with the binary-log position of the dump's snapshot (null: none). */
    public SourceFacts withBinlog(BinlogPosition position) {
        return new SourceFacts(serverVersion, trailerSeen, tableRows, fileCount, fileBytes, skipped, changed, position,
                entries);
    }
}
