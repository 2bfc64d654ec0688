package dev.backstop.target;

import java.io.IOException;

/**
 * A failure of the way to the storage, not of the storage: the connection was reset or cut, a
 * timeout fired, the server could not be reached. The same call may succeed later, so
 * {@link RetryingTarget} retries it. Everything else (refused key, permission, no space, a
 * missing file) is permanent and is never retried.
 */
public class TransientIOException extends IOException {

    public TransientIOException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when {@code e} or one of its causes is transient. */
    public static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TransientIOException) {
                return true;
            }
        }
        return false;
    }
}
