package dev.backstop.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The top-level {@code encryption:} section: every component is encrypted in the age format to
 * each of {@code recipients}; restore and the restore test decrypt with {@code identityFile}.
 *
 * @param recipients   age X25519 public keys ({@code age1...}), validated, at least one
 * @param identityFile the age identity (secret key) file, or null when this server does not hold
 *                     it; checked when it is needed, not when the configuration is read
 */
public record EncryptionConfig(List<String> recipients, Path identityFile) {

    public EncryptionConfig {
        recipients = List.copyOf(recipients);
    }
}
