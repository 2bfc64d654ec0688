package dev.backstop.encryption;

import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import dev.backstop.core.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * The age X25519 public keys ({@code age1...}) a backup set is encrypted to; any one of their
 * identities decrypts every file. Holds no secret, so it may be built wherever the configuration is.
 */
public final class AgeRecipients {

    /** What a sealed file's name ends with, as {@code age} itself names its output. */
    public static final String SUFFIX = ".age";

    private final List<String> recipients;

    private AgeRecipients(List<String> recipients) {
        this.recipients = List.copyOf(recipients);
    }

    /**
     * @throws EncryptionException the list is empty, or one entry is not an age X25519 recipient;
     *                             the message names the entry
     */
    public static AgeRecipients of(List<String> recipients) throws EncryptionException {
        if (recipients.isEmpty()) {
            throw new EncryptionException("encryption: recipients is empty; add the age1... public key "
                    + "printed by 'backstop init' or 'age-keygen -y key.txt'");
        }
        AgeRecipients parsed = new AgeRecipients(recipients);
        parsed.writers(); // refuses a malformed key now rather than at the first backup
        return parsed;
    }

    public List<String> keys() {
        return recipients;
    }

    /**
     * Per recipient, the first 16 hex digits of the SHA-256 of its text, as the manifest records
     * them: enough to tell which key a set needs, checkable with {@code printf %s age1... | sha256sum}.
     */
    public List<String> fingerprints() {
        return recipients.stream()
                .map(r -> Sha256.of(r.strip().getBytes(StandardCharsets.US_ASCII)).substring(0, 16))
                .toList();
    }

    /**
     * Seals a finished file into {@code <name>.age} beside it in one streaming pass and deletes
     * the plaintext; the sealed file appears under its name only when complete.
     *
     * @return the sealed file
     */
    public Path seal(Path plain) throws IOException {
        Path sealed = plain.resolveSibling(plain.getFileName() + SUFFIX);
        Path partial = plain.resolveSibling(plain.getFileName() + SUFFIX + ".partial");
        try (OutputStream out = Files.newOutputStream(partial); OutputStream encrypting = encrypt(out)) {
            Files.copy(plain, encrypting);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, sealed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(plain);
        return sealed;
    }

    /**
     * Wraps {@code out}: what is written is encrypted to every recipient, its 64 KiB chunks sealed
     * on every core; closing ends the stream and closes {@code out}.
     */
    public OutputStream encrypt(OutputStream out) throws IOException {
        try {
            return ParallelSealing.open(out, writers());
        } catch (GeneralSecurityException | EncryptionException e) {
            throw new IOException("age encryption could not start: " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #encrypt}, with Jagged's own writer, which seals one chunk after the other on the
     * calling thread: the same format, for comparison.
     */
    public OutputStream encryptSequentially(OutputStream out) throws IOException {
        try {
            WritableByteChannel channel = new StandardEncryptingChannelFactory()
                    .newEncryptingChannel(Channels.newChannel(out), writers());
            return Channels.newOutputStream(channel);
        } catch (GeneralSecurityException | EncryptionException e) {
            throw new IOException("age encryption could not start: " + e.getMessage(), e);
        }
    }

    private List<RecipientStanzaWriter> writers() throws EncryptionException {
        List<RecipientStanzaWriter> writers = new ArrayList<>();
        for (String recipient : recipients) {
            try {
                writers.add(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipient.strip()));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new EncryptionException("encryption: recipient '" + recipient + "' is not an age X25519 "
                        + "public key (age1...): " + e.getMessage() + "; copy it again from 'age-keygen -y key.txt'", e);
            }
        }
        return writers;
    }

    @Override
    public String toString() {
        return String.join(", ", recipients);
    }
}
