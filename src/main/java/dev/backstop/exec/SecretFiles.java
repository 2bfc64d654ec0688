package dev.backstop.exec;

import dev.backstop.core.PreflightException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Checks on credential files that users configure. */
public final class SecretFiles {

    private static final Set<PosixFilePermission> SHARED = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private SecretFiles() {
    }

    /**
     * Refuses a credential file that others may read or write, as ssh refuses such a private key.
     * Follows symbolic links: the mode of the file itself is what counts.
     *
     * @param what names the file's role in messages, e.g. {@code source appdb: defaults_file}
     * @throws PreflightException the file is missing, unreadable, or readable or writable by
     *                            group or others; the message names the file, its mode and the fix
     */
    public static void requirePrivate(Path file, String what) throws PreflightException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (NoSuchFileException e) {
            throw new PreflightException(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new PreflightException(what + " " + file + " cannot be checked: " + e.getMessage(), e);
        } catch (UnsupportedOperationException e) {
            throw new PreflightException(what + " " + file + " is on a file system without POSIX permissions");
        }
        if (!Files.isRegularFile(file)) {
            throw new PreflightException(what + " " + file + " is not a regular file");
        }
        if (perms.stream().anyMatch(SHARED::contains)) {
            throw new PreflightException(what + " " + file + " has mode " + octal(perms) + " ("
                    + PosixFilePermissions.toString(perms) + "): it holds credentials and may be read or written "
                    + "by other users, so it is refused; fix it with: chmod 600 " + file);
        }
        if (!Files.isReadable(file)) {
            throw new PreflightException(what + " " + file + " is not readable by this user");
        }
    }

    /** The mode as {@code 0644}. */
    static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("0%03o", mode);
    }
}
