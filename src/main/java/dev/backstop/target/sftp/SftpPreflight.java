package dev.backstop.target.sftp;

import dev.backstop.core.ByteSize;
import dev.backstop.core.Findings;
import dev.backstop.core.PreflightException;
import dev.backstop.core.TargetException;
import dev.backstop.exec.SecretFiles;
import dev.backstop.target.WriteProbe;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatExtensionInfo;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatPathExtension;

/**
 * Preflight of an SFTP target, before any dump starts: the key files are private and present,
 * the key loads, the server is reached, its host key is the pinned one, the key is accepted,
 * SFTP is on, the path takes a write, a rename and a delete, and statvfs@openssh.com (where
 * offered) shows room for the expected size. The part that needs no network is {@link #check},
 * which {@code config check} runs alone.
 */
final class SftpPreflight {

    private final SftpTarget target;
    private final SftpConfig config;
    private final SftpConnection connection;

    SftpPreflight(SftpTarget target, SftpConfig config, SftpConnection connection) {
        this.target = target;
        this.config = config;
        this.connection = connection;
    }

    long run(long expectedBytes) throws TargetException {
        String where = where(config);
        Findings offline = new Findings();
        check(config, connection, offline);
        offline.throwErrors(TargetException::new);
        try {
            connection.open();
        } catch (IOException e) {
            throw new TargetException(where + ": " + e.getMessage(), e);
        }
        try {
            target.makeDirectories("");
        } catch (IOException e) {
            throw new TargetException(where + ": cannot create the directory: " + SftpErrors.describe(e), e);
        }
        probe(where);
        long free = free(where);
        if (free >= 0 && free < expectedBytes) {
            throw new TargetException(where + ": not enough free space on the server: " + ByteSize.human(free) + " ("
                    + free + " bytes) free, the backup needs about " + ByteSize.human(expectedBytes) + " ("
                    + expectedBytes + " bytes)");
        }
        return free;
    }

    /** How messages name the target: {@code target 'nas' (sftp) at user@host:22 path 'backups'}. */
    static String where(SftpConfig config) {
        return "target '" + config.name() + "' (sftp) at " + config.address() + " path '" + config.path() + "'";
    }

    /**
     * The checks that need no network, each problem added to {@code findings}: refused like ssh
     * refuses them (a key others can read, a missing known_hosts), and the key must load with its
     * passphrase.
     */
    static void check(SftpConfig config, SftpConnection connection, Findings findings) {
        String where = where(config) + ": ";
        boolean keyFiles = findings.error(where, () -> SecretFiles.requirePrivate(config.identity(), "identity"));
        if (config.passphraseFile() != null) {
            keyFiles &= findings.error(where, () -> SecretFiles.requirePrivate(config.passphraseFile(),
                    "passphrase_file"));
        }
        findings.error(where, () -> checkKnownHosts(config));
        if (keyFiles) {
            findings.error(where, connection::identities);
        }
    }

    private static void checkKnownHosts(SftpConfig config) throws PreflightException {
        if (!Files.isRegularFile(config.knownHosts())) {
            throw new PreflightException("known_hosts " + config.knownHosts() + " does not exist; it must pin the"
                    + " server's host key ('backstop hostkey --target " + config.name() + "' prints the line)");
        }
        if (!Files.isReadable(config.knownHosts())) {
            throw new PreflightException("known_hosts " + config.knownHosts() + " is not readable by this user");
        }
    }

    private void probe(String where) throws TargetException {
        try {
            WriteProbe.run(target);
        } catch (IOException e) {
            throw new TargetException(where + ": not writable (probe write, rename, delete failed): "
                    + SftpErrors.describe(e), e);
        }
    }

    /** Free bytes for this user by statvfs@openssh.com, or -1 when the server does not offer it. */
    private long free(String where) throws TargetException {
        SftpClient sftp = null;
        try {
            sftp = connection.acquire();
            OpenSSHStatPathExtension statvfs = sftp.getExtension(OpenSSHStatPathExtension.class);
            if (statvfs == null || !statvfs.isSupported()) {
                return -1;
            }
            OpenSSHStatExtensionInfo info = statvfs.stat(target.remote(""));
            long unit = info.f_frsize > 0 ? info.f_frsize : info.f_bsize;
            return Math.multiplyHigh(info.f_bavail, unit) != 0 ? Long.MAX_VALUE : info.f_bavail * unit;
        } catch (IOException e) {
            SftpClient failed = sftp;
            throw new TargetException(where + ": cannot read free space: "
                    + SftpErrors.describe(SftpErrors.map(e, "statvfs", () -> connection.reset(failed))), e);
        } finally {
            connection.release(sftp);
        }
    }
}
