package dev.backstop.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.codec.CompressedFileWriter;
import dev.backstop.codec.Compression;
import dev.backstop.core.Sha256;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What backstop seals, Debian's age opens byte for byte, and the other way round. */
@RequiresService(Services.Age.class)
class AgeRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void ageDecryptsWhatBackstopSealsForEveryRecipientAndRefusesAStranger() throws Exception {
        Path alice = keygen("alice.txt");
        Path bob = keygen("bob.txt");
        Path stranger = keygen("stranger.txt");
        byte[] plain = sample(300_000); // several 64 KiB STREAM chunks and a short last one
        Path file = dir.resolve("appdb.sql.gz");
        Files.write(file, plain);

        Path sealed = AgeRecipients.of(List.of(recipient(alice), recipient(bob))).seal(file);

        assertEquals("appdb.sql.gz.age", sealed.getFileName().toString());
        assertFalse(Files.exists(file), "the plaintext is gone from the spool");
        assertArrayEquals(plain, run("age", "-d", "-i", alice.toString(), sealed.toString()).stdout);
        assertArrayEquals(plain, run("age", "-d", "-i", bob.toString(), sealed.toString()).stdout);
        assertNotEquals(0, run("age", "-d", "-i", stranger.toString(), sealed.toString()).exit);
    }

    @Test
    void compressedAndSealedInOnePass_ageAndZstdGiveTheRawBytes_andTheHashIsOfTheStoredFile() throws Exception {
        Path key = keygen("key.txt");
        AgeRecipients recipients = AgeRecipients.of(List.of(recipient(key)));
        Path stored = dir.resolve("appdb.sql.zst" + AgeRecipients.SUFFIX);
        byte[] raw = ("INSERT INTO customers VALUES (1,'canary@example.org');\n").repeat(40_000)
                .getBytes(StandardCharsets.US_ASCII);
        CompressedFileWriter.Result result;
        try (CompressedFileWriter writer = CompressedFileWriter.create(stored, Compression.ZSTD, recipients::encrypt)) {
            writer.stream().write(raw);
            writer.close();
            result = writer.result();
        }

        byte[] bytes = Files.readAllBytes(stored);
        assertEquals(bytes.length, result.bytes());
        assertEquals(Sha256.hex(MessageDigest.getInstance("SHA-256").digest(bytes)), result.sha256(),
                "SHA256SUMS covers the stored bytes, so verify needs no key");
        assertFalse(new String(bytes, StandardCharsets.ISO_8859_1).contains("canary"));
        Path compressed = dir.resolve("appdb.sql.zst");
        Files.write(compressed, run("age", "-d", "-i", key.toString(), stored.toString()).stdout);
        assertArrayEquals(raw, run("zstd", "-d", "-c", compressed.toString()).stdout);
    }

    @Test
    void backstopDecryptsWhatAgeEncryptsAndFindsAFlippedByte() throws Exception {
        Path key = keygen("key.txt");
        byte[] plain = sample(200_000);
        Path file = dir.resolve("files.tar.zst");
        Files.write(file, plain);
        Path sealed = dir.resolve("files.tar.zst.age");
        assertEquals(0, run("age", "-e", "-r", recipient(key), "-o", sealed.toString(), file.toString()).exit);

        AgeIdentity identity = AgeIdentity.load(key);
        try (InputStream in = identity.decrypt(Files.newInputStream(sealed))) {
            assertArrayEquals(plain, in.readAllBytes());
        }

        byte[] damaged = Files.readAllBytes(sealed);
        damaged[damaged.length - 1000] ^= 1;
        Files.write(sealed, damaged);
        assertThrows(IOException.class, () -> {
            try (InputStream in = identity.decrypt(Files.newInputStream(sealed))) {
                in.readAllBytes();
            }
        });
    }

    @Test
    void aGeneratedIdentityIsOneAgeAccepts() throws Exception {
        AgeIdentity.Generated generated = AgeIdentity.generate();
        Path key = dir.resolve("generated.txt");
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, generated.fileContent());

        assertEquals(generated.recipient(), new String(run("age-keygen", "-y", key.toString()).stdout,
                StandardCharsets.US_ASCII).strip(), "age-keygen derives the recipient backstop printed");
        AgeRecipients recipients = AgeRecipients.of(List.of(generated.recipient()));
        assertTrue(AgeIdentity.load(key).matchesAny(recipients));
        assertFalse(AgeIdentity.load(keygen("other.txt")).matchesAny(recipients));
    }

    @Test
    void anIdentityOthersCanReadOrThatIsMissingIsRefusedWithTheFix() throws Exception {
        Path key = keygen("key.txt");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        EncryptionException shared = assertThrows(EncryptionException.class, () -> AgeIdentity.load(key));
        assertTrue(shared.getMessage().contains("chmod 600 " + key), shared.getMessage());

        EncryptionException missing = assertThrows(EncryptionException.class,
                () -> AgeIdentity.load(dir.resolve("gone.txt")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void aMalformedRecipientIsNamed() {
        EncryptionException e = assertThrows(EncryptionException.class,
                () -> AgeRecipients.of(List.of("age1notakey")));
        assertTrue(e.getMessage().contains("'age1notakey'"), e.getMessage());
    }

    private Path keygen(String name) throws Exception {
        Path key = dir.resolve(name);
        assertEquals(0, run("age-keygen", "-o", key.toString()).exit);
        return key;
    }

    private String recipient(Path key) throws Exception {
        return new String(run("age-keygen", "-y", key.toString()).stdout, StandardCharsets.US_ASCII).strip();
    }

    private static byte[] sample(int size) {
        byte[] bytes = new byte[size];
        new Random(22).nextBytes(bytes);
        return bytes;
    }

    private record Result(int exit, byte[] stdout) {
    }

    private Result run(String... command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".bin");
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int exit = p.waitFor();
        return new Result(exit, Files.readAllBytes(out));
    }
}
