package dev.backstop.verify;

import dev.backstop.core.PreflightException;
import dev.backstop.encryption.AgeIdentity;

/**
 * The age identity that decrypts encrypted components. Loaded only once a backup to restore turns
 * out to hold some, and before anything is downloaded: without it nothing can be restored, which is
 * a precondition that failed (exit 4), not a damaged backup.
 */
@FunctionalInterface
public interface DecryptionKey {

    /** No identity is configured. */
    DecryptionKey NONE = () -> {
        throw new PreflightException("the backup holds encrypted components (.age), but the configuration sets no"
                + " encryption: identity_file; set it to the age identity (secret key) file, or decrypt by hand"
                + " with 'age -d -i key.txt' (docs/encryption.md)");
    };

    /** @throws PreflightException the identity is missing, unreadable or unsafe; the message names the file */
    AgeIdentity load() throws PreflightException;
}
