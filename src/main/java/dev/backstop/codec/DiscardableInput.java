package dev.backstop.codec;

import java.io.IOException;

/** A stream that can pass over content its reader does not want more cheaply than by reading it. */
public interface DiscardableInput {

    /**
     * The next {@code n} bytes are not wanted: they read as zeros (or as what they are, where
     * passing them over would cost as much as reading them).
     *
     * @throws IOException fewer than {@code n} bytes are left, or the content is damaged
     */
    void discardNext(long n) throws IOException;
}
