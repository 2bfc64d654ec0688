package dev.backstop.target.sftp;

import java.io.IOException;

/** A command in the server's shell ran and failed (non-zero exit status). Permanent. */
final class RemoteCommandException extends IOException {

    RemoteCommandException(String message) {
        super(message);
    }
}
