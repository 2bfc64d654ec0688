package dev.backstop.target.sftp;

import dev.backstop.target.TransientIOException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Turns what MINA throws into the exceptions of the Target contract: a status from the SFTP
 * server is permanent (and a missing file a {@link NoSuchFileException}); a failure of the
 * connection itself (reset, cut, timeout) is a {@link TransientIOException}, after which the
 * connection is dropped so that the next call reconnects.
 */
final class SftpErrors {

    private SftpErrors() {
    }

    /**
     * @param dropConnection drops the connection the failed call ran on; run for a transport
     *                       failure, so that the next call reconnects
     */
    static IOException map(IOException e, String what, Runnable dropConnection) {
        if (e instanceof TransientIOException || e instanceof RefusedException || e instanceof RemoteCommandException
                || e instanceof InterruptedIOException
                || e instanceof NoSuchFileException || e instanceof FileAlreadyExistsException
                || e instanceof AccessDeniedException) {
            return e;
        }
        if (e instanceof SftpException s) {
            String status = SftpConstants.getStatusName(s.getStatus());
            String message = what + ": " + s.getMessage() + " (" + status + ")";
            switch (s.getStatus()) {
                case SftpConstants.SSH_FX_NO_SUCH_FILE, SftpConstants.SSH_FX_NO_SUCH_PATH:
                    return new NoSuchFileException(what, null, s.getMessage());
                case SftpConstants.SSH_FX_PERMISSION_DENIED:
                    return new AccessDeniedException(what, null, "permission denied by the server: " + s.getMessage());
                case SftpConstants.SSH_FX_FILE_ALREADY_EXISTS:
                    return new FileAlreadyExistsException(what, null, s.getMessage());
                case SftpConstants.SSH_FX_NO_SPACE_ON_FILESYSTEM, SftpConstants.SSH_FX_QUOTA_EXCEEDED:
                    return new IOException(what + ": no space left on the server (" + s.getMessage() + ")", e);
                case SftpConstants.SSH_FX_NO_CONNECTION, SftpConstants.SSH_FX_CONNECTION_LOST:
                    dropConnection.run();
                    return new TransientIOException(message, e);
                case SftpConstants.SSH_FX_FAILURE:
                    // SFTP version 3 servers (OpenSSH) report a full disk or quota only as "Failure"
                    return new IOException(message + "; on a write this usually means the disk or quota is full", e);
                default:
                    return new IOException(message, e);
            }
        }
        dropConnection.run();
        return new TransientIOException(what + ": " + describe(e), e);
    }

    /** True for the server's "no such file" answers. */
    static boolean isMissing(IOException e) {
        return e instanceof NoSuchFileException || e instanceof SftpException s
                && (s.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE || s.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH);
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass() == IOException.class && message != null ? message
                : e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
