package dev.backstop.core;

import java.util.List;

/**
 * How a stored component is encrypted, as the manifest records it: the file holds the compressed
 * content sealed in the age format, readable with the identity of any one of the recipients.
 *
 * @param format                 {@value #AGE}, the only one
 * @param recipientFingerprints  per recipient, the first 16 hex digits of the SHA-256 of its
 *                               {@code age1...} text ({@code printf %s age1... | sha256sum}); the
 *                               public keys themselves stay in the configuration
 */
public record ComponentEncryption(String format, List<String> recipientFingerprints) {

    public static final String AGE = "age";

    public ComponentEncryption {
        recipientFingerprints = List.copyOf(recipientFingerprints);
    }
}
