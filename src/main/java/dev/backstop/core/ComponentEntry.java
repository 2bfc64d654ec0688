package dev.backstop.core;

/**
 * One component of a backup set: the file of one source, as the manifest records it.
 *
 * @param name        source name from the configuration
 * @param type        source type (mysql, postgres, sqlite, files, command)
 * @param file        file name inside the backup set, e.g. {@code appdb.sql.gz}
 * @param compression gzip or zstd
 * @param bytes       size of the stored (compressed) file
 * @param rawBytes    size before compression
 * @param sha256      SHA-256 of the stored file, lower-case hex
 * @param durationMs  time the dump took, in milliseconds
 * @param facts       type-specific facts
 * @param encryption  how the stored file is encrypted; null when it is stored in the clear
 * @param incremental where the archive stands in its chain of incremental archives; null for a
 *                    component that is always stored whole
 */
public record ComponentEntry(
        String name,
        String type,
        String file,
        String compression,
        long bytes,
        long rawBytes,
        String sha256,
        long durationMs,
        SourceFacts facts,
        ComponentEncryption encryption,
        ComponentIncrement incremental) {

    /** A component that is always stored whole. */
    public ComponentEntry(String name, String type, String file, String compression, long bytes, long rawBytes,
                          String sha256, long durationMs, SourceFacts facts, ComponentEncryption encryption) {
        this(name, type, file, compression, bytes, rawBytes, sha256, durationMs, facts, encryption, null);
    }

    /** A component stored in the clear. */
    public ComponentEntry(String name, String type, String file, String compression, long bytes, long rawBytes,
                          String sha256, long durationMs, SourceFacts facts) {
        this(name, type, file, compression, bytes, rawBytes, sha256, durationMs, facts, null);
    }

    /** Whether the stored file must be decrypted before it is decompressed. */
    public boolean encrypted() {
        return encryption != null;
    }

    /** Whether restoring this component needs the earlier sets of its chain. */
    public boolean needsEarlierSets() {
        return incremental != null && !incremental.isFull();
    }

    /** The same component, placed in a chain of incremental archives. */
    public ComponentEntry withIncrement(ComponentIncrement increment) {
        return new ComponentEntry(name, type, file, compression, bytes, rawBytes, sha256, durationMs, facts,
                encryption, increment);
    }
}
