package dev.backstop.source;

import java.io.IOException;

/**
 * The restore could not run on this machine (server binaries missing, a privilege missing, no
 * scratch space): a problem of the environment, never a finding against the backup. The message
 * says what is missing and the fix.
 */
public final class RestoreEnvironmentException extends IOException {

    public RestoreEnvironmentException(String message) {
        super(message);
    }

    public RestoreEnvironmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
