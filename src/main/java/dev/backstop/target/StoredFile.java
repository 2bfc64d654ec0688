package dev.backstop.target;

/**
 * A file proven to be stored as sent, by {@link StoredFileCheck}: its name in the set, its size,
 * its SHA-256, and how the stored copy was proven.
 */
public record StoredFile(String file, long bytes, String sha256, Verification verification) {

    /** How the stored copy of a file was proven equal to the local one. */
    public enum Verification {
        /** The bytes were read back from the target and hashed here. */
        READ_BACK,
        /** The storage hashed the bytes itself ({@link Target#storageSha256}). */
        STORAGE_HASH
    }
}
