package dev.backstop.target;

/** A stored file that is not what was sent; the message names the file and both values. */
public final class Mismatch extends Exception {

    private static final long serialVersionUID = 1L;

    public Mismatch(String message) {
        super(message);
    }
}
