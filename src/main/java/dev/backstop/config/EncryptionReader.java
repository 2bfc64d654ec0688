package dev.backstop.config;

import dev.backstop.encryption.AgeRecipients;
import dev.backstop.encryption.EncryptionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads {@code encryption:}, null when absent; each recipient is checked to be an age public key. */
final class EncryptionReader {

    static final List<String> KEYS = List.of("recipients", "identity_file");

    private EncryptionReader() {
    }

    /** {@code clearTargets}: the targets with {@code encrypt: false} ({@link TargetReader}). */
    static EncryptionConfig read(Section top, Set<String> clearTargets) {
        if (!top.has("encryption")) {
            return null;
        }
        Section e = top.section("encryption");
        if (e == null) {
            return null;
        }
        e.rejectUnknown(KEYS, "encryption");
        List<String> recipients = new ArrayList<>();
        List<Section.Item> items = e.items("recipients");
        if (!e.has("recipients")) {
            e.missing("recipients", " (the age1... public key printed by 'backstop init' or 'age-keygen -y key.txt')");
        } else if (items != null && items.isEmpty()) {
            e.problem("recipients", "must list at least one age1... public key");
        }
        for (Section.Item item : items == null ? List.<Section.Item>of() : items) {
            String key = item.text();
            if (key == null) {
                continue;
            }
            try {
                AgeRecipients.of(List.of(key));
                recipients.add(key.strip());
            } catch (EncryptionException ex) {
                item.problem("'" + key + "' is not an age X25519 public key (age1... as printed by"
                        + " 'age-keygen -y key.txt'; the secret AGE-SECRET-KEY-1... belongs in identity_file)");
            }
        }
        // the identity may live only on the machine that restores; it is checked when it is used
        Path identity = e.has("identity_file") ? e.path("identity_file") : null;
        return new EncryptionConfig(recipients, identity, clearTargets);
    }
}
