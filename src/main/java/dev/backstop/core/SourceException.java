package dev.backstop.core;

/** Thrown when a source failed (dump error, truncated or empty output, unreadable files); nothing committed. */
public class SourceException extends BackstopException {

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
