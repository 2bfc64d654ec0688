package dev.backstop.run;

import dev.backstop.config.BackstopConfig;
import dev.backstop.core.Findings;
import dev.backstop.core.PreflightException;
import dev.backstop.encryption.AgeIdentity;
import dev.backstop.encryption.AgeRecipients;
import dev.backstop.encryption.EncryptionException;
import dev.backstop.verify.DecryptionKey;
import java.nio.file.Path;

/** The configured {@code encryption: identity_file} as restore and the restore test use it. */
public final class DecryptionKeys {

    private DecryptionKeys() {
    }

    static DecryptionKey of(BackstopConfig config) {
        Path file = config.encrypted() ? config.encryption().identityFile() : null;
        if (file == null) {
            return DecryptionKey.NONE;
        }
        return () -> {
            try {
                return AgeIdentity.load(file);
            } catch (EncryptionException e) {
                throw new PreflightException(e.getMessage(), e);
            }
        };
    }

    /**
     * Why this server cannot decrypt its encrypted sets, for {@code status}: no identity_file, or
     * one that cannot be loaded (the message names the file and the fix); null when some target
     * encrypts and the identity loads, or when no target encrypts.
     */
    public static String problem(BackstopConfig config) {
        if (config.targets().stream().noneMatch(t -> config.encrypts(t.name()))) {
            return null;
        }
        Path file = config.encryption().identityFile();
        if (file == null) {
            return "the backups are encrypted and encryption: sets no identity_file";
        }
        try {
            AgeIdentity.load(file);
            return null;
        } catch (EncryptionException e) {
            return e.getMessage();
        }
    }

    /**
     * What {@code config check} says of the identity: backups need none, so a missing one is a
     * warning; one that opens none of the recipients' files is an error, since every restore
     * test would fail on it.
     */
    static void check(BackstopConfig config, Findings findings) {
        if (!config.encrypted()) {
            return;
        }
        Path file = config.encryption().identityFile();
        if (file == null) {
            findings.warning("encryption: no identity_file is set, so restore and restore-test cannot run on this"
                    + " server (exit 4); backups do not need it");
            return;
        }
        AgeIdentity identity;
        AgeRecipients recipients;
        try {
            identity = AgeIdentity.load(file);
            recipients = AgeRecipients.of(config.encryption().recipients());
        } catch (EncryptionException e) {
            findings.warning(e.getMessage() + "; restore and restore-test would exit 4, backups are not affected");
            return;
        }
        if (!identity.matchesAny(recipients)) {
            findings.error("encryption: identity_file " + file + " is the key of none of the recipients, so it"
                    + " cannot decrypt these backups; compare 'age-keygen -y " + file + "' with encryption: recipients");
        }
    }

}
