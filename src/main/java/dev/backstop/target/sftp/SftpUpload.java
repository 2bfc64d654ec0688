package dev.backstop.target.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.Attributes;
import org.apache.sshd.sftp.client.SftpClient.CloseableHandle;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHFsyncExtension;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.client.impl.SftpOutputStreamAsync;

/**
 * One file upload over SFTP: a fresh file created 0600 (an old one removed first), or an existing
 * one continued at an offset; pipelined writes as large as the server takes ({@link SftpLimits});
 * fsync@openssh.com where the server offers it, before the handle is closed.
 */
final class SftpUpload {

    private SftpUpload() {
    }

    /**
     * @return bytes written from {@code offset} on
     * @throws SourceFailure when reading {@code in} failed: the caller's fault, not the server's
     */
    static long upload(SftpClient sftp, String remote, InputStream in, long offset) throws IOException {
        boolean fresh = offset == 0;
        if (fresh) {
            try {
                sftp.remove(remote);
            } catch (IOException e) {
                if (!SftpErrors.isMissing(e)) {
                    throw e;
                }
            }
        }
        EnumSet<OpenMode> modes = fresh ? EnumSet.of(OpenMode.Write, OpenMode.Create, OpenMode.Exclusive)
                : EnumSet.of(OpenMode.Write);
        try (CloseableHandle handle = sftp.open(remote, modes)) {
            if (fresh) {
                sftp.setStat(handle, new Attributes().perms(0600));
            }
            long written = copy(sftp, remote, handle, in, offset);
            fsync(sftp, handle);
            long end = offset + written;
            if (!fresh && sftp.stat(handle).getSize() > end) {
                sftp.setStat(handle, new Attributes().size(end));
            }
            return written;
        }
    }

    private static long copy(SftpClient sftp, String remote, CloseableHandle handle, InputStream in, long offset)
            throws IOException {
        int length = SftpLimits.writeLength(sftp);
        byte[] buffer = new byte[length];
        long written = 0;
        try (SftpOutputStreamAsync out = new SftpOutputStreamAsync((AbstractSftpClient) sftp, length, remote,
                handle, false)) {
            out.setOffset(offset);
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    throw new SourceFailure(e);
                }
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                written += n;
            }
        }
        return written;
    }

    private static void fsync(SftpClient sftp, CloseableHandle handle) throws IOException {
        OpenSSHFsyncExtension fsync = sftp.getExtension(OpenSSHFsyncExtension.class);
        if (fsync != null && fsync.isSupported()) {
            fsync.fsync(handle);
        }
        // without the extension the server's close is all there is; the verification re-reads what it kept
    }

    /** Wraps a failure of the stream being uploaded, so it is not taken for a transport failure. */
    static final class SourceFailure extends IOException {
        SourceFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
