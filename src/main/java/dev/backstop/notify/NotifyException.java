package dev.backstop.notify;

/** A notification that did not arrive; the message says where and why, never a secret. */
public final class NotifyException extends Exception {

    public NotifyException(String message) {
        super(message);
    }

    public NotifyException(String message, Throwable cause) {
        super(message, cause);
    }
}
