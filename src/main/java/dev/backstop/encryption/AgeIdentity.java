package dev.backstop.encryption;

import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * The age X25519 secret key ({@code AGE-SECRET-KEY-1...}) that decrypts a backup set, read from an
 * identity file in {@code age-keygen}'s format. Only restore and the restore test need it.
 */
public final class AgeIdentity {

    private static final String PREFIX = "AGE-SECRET-KEY-1";
    private static final Set<PosixFilePermission> SHARED = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final String secretKey;

    private AgeIdentity(String secretKey) {
        this.secretKey = secretKey;
    }

    /**
     * Reads the identity file, which must be a regular file owned by this user with mode 0600
     * (or narrower), as {@code age-keygen -o} writes it.
     *
     * @throws EncryptionException missing, unreadable, shared with other users, or without a key;
     *                             the message names the file and the fix
     */
    public static AgeIdentity load(Path file) throws EncryptionException {
        String what = "encryption: identity_file " + file;
        List<String> lines;
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!Files.isRegularFile(file)) {
                throw new EncryptionException(what + " is not a regular file");
            }
            if (perms.stream().anyMatch(SHARED::contains)) {
                throw new EncryptionException(what + " has mode " + PosixFilePermissions.toString(perms)
                        + ": it holds the key to every backup and may be read by other users, so it is refused; "
                        + "fix it with: chmod 600 " + file);
            }
            String owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
            String me = System.getProperty("user.name");
            if (!owner.equals(me)) {
                throw new EncryptionException(what + " is owned by " + owner + ", not by " + me
                        + " who runs backstop; fix it with: chown " + me + " " + file);
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new EncryptionException(what + " does not exist; restore it from the copy kept off this server "
                    + "(restore and restore-test need it, backups do not)");
        } catch (IOException | UnsupportedOperationException e) {
            throw new EncryptionException(what + " cannot be read: " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith(PREFIX)) {
                return new AgeIdentity(line);
            }
            if (!line.isEmpty() && !line.startsWith("#")) {
                throw new EncryptionException(what + " line " + (i + 1) + " is neither a comment nor an "
                        + "AGE-SECRET-KEY-1... line; generate the file with 'backstop init' or 'age-keygen -o'");
            }
        }
        throw new EncryptionException(what + " holds no AGE-SECRET-KEY-1... line; generate it with "
                + "'backstop init' or 'age-keygen -o'");
    }

    /** A new key pair, as {@code age-keygen} makes it. */
    public static Generated generate() {
        try {
            KeyPair pair = new X25519KeyPairGenerator().generateKeyPair();
            return new Generated(pair.getPrivate().toString(), pair.getPublic().toString());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no X25519 key agreement", e);
        }
    }

    /** A freshly generated identity and its recipient. */
    public record Generated(String secretKey, String recipient) {

        /** The identity file's content, in {@code age-keygen -o}'s format. */
        public String fileContent() {
            return "# created: " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n"
                    + "# public key: " + recipient + "\n" + secretKey + "\n";
        }
    }

    /**
     * Wraps a sealed stream: reading yields the plaintext, and an {@link IOException} when the
     * file is not for this identity or was altered (age authenticates every 64 KiB chunk).
     */
    public InputStream decrypt(InputStream sealed) throws IOException {
        try {
            return Channels.newInputStream(new StandardDecryptingChannelFactory().newDecryptingChannel(
                    Channels.newChannel(sealed),
                    List.of(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(secretKey))));
        } catch (GeneralSecurityException e) {
            throw new IOException("age decryption failed (the file is not encrypted to this identity, "
                    + "or its header is damaged): " + e.getMessage(), e);
        }
    }

    /** Whether this identity decrypts what is encrypted to {@code recipients}: a trial sealing. */
    public boolean matchesAny(AgeRecipients recipients) {
        for (String recipient : recipients.keys()) {
            try {
                byte[] probe = "backstop".getBytes(StandardCharsets.US_ASCII);
                ByteArrayOutputStream sealed = new ByteArrayOutputStream();
                try (OutputStream out = AgeRecipients.of(List.of(recipient)).encrypt(sealed)) {
                    out.write(probe);
                }
                try (InputStream in = decrypt(new ByteArrayInputStream(sealed.toByteArray()))) {
                    if (java.util.Arrays.equals(in.readAllBytes(), probe)) {
                        return true;
                    }
                }
            } catch (IOException | EncryptionException e) {
                // not this recipient's identity; try the next
            }
        }
        return false;
    }
}
