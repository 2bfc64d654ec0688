package dev.backstop.core;

/** Thrown when another run holds the lock; nothing was touched. */
public class LockedException extends BackstopException {

    public LockedException(String message) {
        super(message);
    }

    public LockedException(String message, Throwable cause) {
        super(message, cause);
    }
}
