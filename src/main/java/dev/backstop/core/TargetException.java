package dev.backstop.core;

/** Thrown when a target failed (unreachable, upload, checksum mismatch, commit). */
public class TargetException extends BackstopException {

    public TargetException(String message) {
        super(message);
    }

    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
