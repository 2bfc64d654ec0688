package dev.backstop.target;

import dev.backstop.core.TargetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A place that stores backup sets: a directory, an SFTP server, an object store. Paths are
 * relative to the target's root, separated by {@code /}, never starting with one and never
 * containing {@code ..}. A target knows nothing of backup sets; package {@code commit} builds
 * the commit protocol from these primitives, so that protocol is one code path for all.
 *
 * <p>Calls may come from two threads at once, on different paths: a run writes one file of a set
 * while it verifies (stats, hashes, reads back) the one before.
 */
public interface Target extends AutoCloseable {

    /** The configured name. */
    String name();

    /** The configuration's type word. */
    String type();

    /**
     * Connects and authenticates, then probes the root with a write, a rename and a delete, and
     * checks free space where the storage can tell it. Idempotent.
     *
     * @param expectedBytes the size the coming backup is expected to need
     * @return free bytes at the root, or -1 when the storage cannot tell
     * @throws TargetException unreachable, refused, not writable, or fewer than
     *                         {@code expectedBytes} free; the message says which, with numbers
     */
    long preflight(long expectedBytes) throws TargetException;

    /**
     * Starts connecting in the background, so that the connection is up by the time the
     * {@link #preflight} needs it; the preflight reports what went wrong, as the failure of its
     * first attempt. Nothing by default, for storage reached without a handshake.
     */
    default void connectAhead() {
    }

    /** Creates a directory and its parents (0700 where modes exist). Idempotent. */
    void makeDirectories(String dir) throws IOException;

    /**
     * Writes a whole file from {@code in} to its end, replacing any file of that name (0600 where
     * modes exist), and makes it durable (fsync) before returning. Idempotent. On failure the
     * file may exist partially; the caller deletes it.
     *
     * @return the number of bytes written
     */
    long write(String path, InputStream in) throws IOException;

    /**
     * Writes {@code in} into an existing file from byte {@code offset} on, keeping the file's
     * first {@code offset} bytes and nothing after the last byte written, and makes it durable
     * like {@link #write}. {@link RetryingTarget} uses it to resume an upload that a transient
     * failure cut, after it has checked the bytes already there. Idempotent for the same bytes.
     *
     * @return the number of bytes written from {@code offset} on
     * @throws UnsupportedOperationException when the storage cannot continue a file (the default);
     *                                       such uploads are not resumed
     */
    default long writeFrom(String path, InputStream in, long offset) throws IOException {
        throw new UnsupportedOperationException(type() + " targets cannot continue a file");
    }

    /**
     * Whether {@link #storeByLink} can store {@code localFile} without copying it: a local target
     * on the same file system as the spool. False by default.
     */
    default boolean canStoreByLink(Path localFile) {
        return false;
    }

    /**
     * Stores the complete local file {@code localFile} under {@code path} without copying its
     * bytes (a hard link: the spool file and the stored one are then one file), replacing any file
     * of that name, and makes it durable (fsync). The caller must not change {@code localFile}
     * afterwards; removing its name is fine.
     *
     * @return false, having stored nothing, when the storage cannot link it after all (the
     *         default); the caller then writes a copy
     */
    default boolean storeByLink(String path, Path localFile) throws IOException {
        return false;
    }

    /** Opens a file for reading; the caller closes the stream. NoSuchFileException when absent. */
    InputStream read(String path) throws IOException;

    /** Size and kind of a path, or empty when it does not exist. Does not follow symlinks. */
    Optional<FileInfo> stat(String path) throws IOException;

    /** Entries of a directory (names only, no path), or an empty list when it does not exist. */
    List<FileInfo> list(String dir) throws IOException;

    /**
     * Renames a file or directory atomically. Fails, changing nothing, when {@code to} exists;
     * the parent of {@code to} must exist.
     */
    void rename(String from, String to) throws IOException;

    /** Deletes a file or a directory with everything below it. Idempotent: absent is fine. */
    void delete(String path) throws IOException;

    /**
     * Makes the entries of a directory (new files, renames) durable, where the storage needs
     * that; a no-op elsewhere. Idempotent.
     */
    void syncDirectory(String dir) throws IOException;

    /**
     * SHA-256 of a stored file computed by the storage itself (a remote {@code sha256sum}, an
     * object checksum), without sending the bytes back; empty when the storage cannot. The
     * caller re-reads the file when this is empty. A value is never trusted unless it is a
     * well-formed hash ({@link dev.backstop.core.Sha256#matches}).
     */
    default Optional<String> storageSha256(String path) throws IOException {
        return Optional.empty();
    }

    /**
     * Discards uploads below {@code dir} that were started and never completed: the parts of an
     * S3 multipart upload that a killed run left, which no {@link #list} shows and the storage keeps
     * (and bills) until they are discarded. Only safe while the caller holds the run lock, which
     * proves that no upload is in flight. Idempotent; a no-op (the default) where writes cannot be
     * left incomplete in such a way.
     *
     * @return the paths of the discarded uploads, relative to the target root
     */
    default List<String> discardIncompleteUploads(String dir) throws IOException {
        TargetPaths.check(dir);
        return List.of();
    }

    /** Releases connections. Idempotent. */
    @Override
    void close() throws IOException;
}
