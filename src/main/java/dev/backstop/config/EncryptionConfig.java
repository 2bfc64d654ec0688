package dev.backstop.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The top-level {@code encryption:} section: every component is encrypted in the age format to
 * each of {@code recipients}, for every target but those with {@code encrypt: false}; restore and
 * the restore test decrypt with {@code identityFile}.
 *
 * @param recipients   age X25519 public keys ({@code age1...}), validated, at least one
 * @param identityFile the age identity (secret key) file, or null when this server does not hold
 *                     it; checked when it is needed, not when the configuration is read
 * @param clearTargets names of the targets with {@code encrypt: false}, which store in the clear
 */
public record EncryptionConfig(List<String> recipients, Path identityFile, Set<String> clearTargets) {

    public EncryptionConfig {
        recipients = List.copyOf(recipients);
        clearTargets = Set.copyOf(clearTargets);
    }

    /** Every target encrypted. */
    public EncryptionConfig(List<String> recipients, Path identityFile) {
        this(recipients, identityFile, Set.of());
    }
}
