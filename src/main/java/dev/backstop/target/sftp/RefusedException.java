package dev.backstop.target.sftp;

import java.io.IOException;

/**
 * The server was reached and said no, or cannot be trusted: host key unknown or changed, key
 * refused, no SFTP subsystem, a key that cannot be read. Permanent: retrying changes nothing.
 */
final class RefusedException extends IOException {

    RefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
