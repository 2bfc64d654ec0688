package dev.backstop.encryption;

/** A recipient or identity that cannot be used; the message names the file or key and the fix. */
public final class EncryptionException extends Exception {

    public EncryptionException(String message) {
        super(message);
    }

    public EncryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
