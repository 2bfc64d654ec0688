package dev.backstop.core;

/** Thrown when nothing could be backed up: no space on the spool, a dump tool missing, or no usable target. */
public class PreflightException extends BackstopException {

    public PreflightException(String message) {
        super(message);
    }

    public PreflightException(String message, Throwable cause) {
        super(message, cause);
    }
}
