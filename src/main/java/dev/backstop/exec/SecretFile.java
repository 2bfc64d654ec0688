package dev.backstop.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A temporary file holding a credential (a MySQL option file, a .pgpass file), created with mode
 * 0600 from its first instant (never widened and narrowed afterwards), and deleted on close.
 */
public final class SecretFile implements AutoCloseable {

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path path;

    private SecretFile(Path path) {
        this.path = path;
    }

    /**
     * Creates the file in {@code dir} (which should itself be private, such as the run's scratch
     * directory) with the given UTF-8 content, flushed to disk before this returns.
     *
     * @throws IOException the file could not be created or written; nothing is left behind
     */
    public static SecretFile create(Path dir, String prefix, String suffix, String content) throws IOException {
        Path path = Files.createTempFile(dir, prefix, suffix, OWNER_ONLY);
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
        return new SecretFile(path);
    }

    public Path path() {
        return path;
    }

    /** Deletes the file; idempotent, and quiet if it is already gone. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // The scratch directory is removed after the run anyway.
        }
    }
}
