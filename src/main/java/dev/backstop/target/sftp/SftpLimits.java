package dev.backstop.target.sftp;

import java.io.IOException;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHLimitsExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHLimitsExtensionInfo;

/**
 * How many bytes of a file one SFTP read or write request carries. Every server takes 32 KiB, the
 * least the protocol lets a server accept. OpenSSH states its own limits (limits@openssh.com,
 * about 255 KiB); fewer, larger requests cost less CPU on both ends of the connection, so those
 * are used, at most 256 KiB.
 */
final class SftpLimits {

    static final int SAFE = 32 * 1024;
    static final int MAXIMUM = 256 * 1024;

    private SftpLimits() {
    }

    static int writeLength(SftpClient sftp) {
        return lengthWithin(stated(sftp, true));
    }

    static int readLength(SftpClient sftp) {
        return lengthWithin(stated(sftp, false));
    }

    /** The server's stated limit, or 0 when it states none (no extension, or 0 for "no explicit limit"). */
    private static long stated(SftpClient sftp, boolean write) {
        OpenSSHLimitsExtension limits = sftp.getExtension(OpenSSHLimitsExtension.class);
        if (limits == null || !limits.isSupported()) {
            return 0;
        }
        try {
            OpenSSHLimitsExtensionInfo info = limits.limits();
            return write ? info.maxWriteLength : info.maxReadLength;
        } catch (IOException e) {
            // a server that offers the extension but fails it gets the length every server takes
            return 0;
        }
    }

    static int lengthWithin(long stated) {
        return stated <= 0 ? SAFE : (int) Math.max(SAFE, Math.min(MAXIMUM, stated));
    }
}
