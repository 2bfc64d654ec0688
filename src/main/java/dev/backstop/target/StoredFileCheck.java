package dev.backstop.target;

import dev.backstop.core.Sha256;
import dev.backstop.target.StoredFile.Verification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/**
 * Proves that a stored file is the one sent: size by stat, then SHA-256 from the storage when it
 * offers one, otherwise by reading the bytes back. An answer that is missing, empty or not a
 * hash is a failure, never a match: the audited script compared a local hash with the empty
 * output of a remote {@code sha256sum} on a file the server had already removed.
 */
public final class StoredFileCheck {

    private StoredFileCheck() {
    }

    /**
     * Proves that {@code path} holds {@code expectedBytes} bytes with SHA-256 {@code expectedSha256}.
     * Changes nothing.
     *
     * @param file the file's name, for the messages
     * @return how the stored copy was proven
     * @throws Mismatch    the stored file is missing, a directory, or differs; the message names
     *                     the file and both values
     * @throws IOException the target could not be asked
     */
    public static StoredFile verify(Target target, String path, String file, long expectedBytes, String expectedSha256)
            throws IOException, Mismatch {
        return verify(target, path, file, expectedBytes, expectedSha256, CheckedStream.NEVER);
    }

    /** {@link #verify}, with a read-back that ends early when {@code stop} throws. */
    public static StoredFile verify(Target target, String path, String file, long expectedBytes, String expectedSha256,
                                    CheckedStream.Stop stop) throws IOException, Mismatch {
        Optional<FileInfo> info = target.stat(path);
        if (info.isEmpty()) {
            throw new Mismatch(file + " is missing on the target after it was written (" + path + ")");
        }
        if (info.get().directory()) {
            throw new Mismatch(file + " is a directory on the target, expected a file (" + path + ")");
        }
        if (info.get().size() != expectedBytes) {
            throw new Mismatch(file + " has " + info.get().size() + " bytes on the target, expected "
                    + expectedBytes + " (" + path + ")");
        }
        Optional<String> reported = target.storageSha256(path);
        if (reported.isPresent()) {
            if (!Sha256.matches(expectedSha256, reported.get())) {
                throw new Mismatch(file + ": the target reports SHA-256 " + quote(reported.get())
                        + ", expected " + expectedSha256 + " (" + path + ")");
            }
            return new StoredFile(file, expectedBytes, expectedSha256, Verification.STORAGE_HASH);
        }
        CheckedStream back;
        try (InputStream in = target.read(path)) {
            back = new CheckedStream(in, stop).drain();
        } catch (NoSuchFileException e) {
            throw new Mismatch(file + " vanished from the target before it could be read back (" + path + ")");
        }
        String actual = back.sha256();
        if (back.count() != expectedBytes || !Sha256.matches(expectedSha256, actual)) {
            throw new Mismatch(file + ": read back " + back.count() + " bytes with SHA-256 " + actual
                    + ", expected " + expectedBytes + " bytes with SHA-256 " + expectedSha256 + " (" + path + ")");
        }
        return new StoredFile(file, expectedBytes, expectedSha256, Verification.READ_BACK);
    }

    private static String quote(String reported) {
        String shown = reported.length() > 80 ? reported.substring(0, 80) + "..." : reported;
        return reported.isBlank() ? "an empty answer" : "'" + shown + "'";
    }
}
