package dev.backstop.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The payload that backstop seals on every core is age's STREAM exactly: Debian's {@code age -d}
 * and Jagged both open it byte for byte, at every size around the 64 KiB chunk boundaries (an empty
 * payload, a short last chunk, a full last chunk), and it has the size of Jagged's own output.
 */
@RequiresService(Services.Age.class)
class ParallelSealingTest {

    private static final int CHUNK = ParallelSealing.CHUNK;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 37 * CHUNK + 12_345})
    void encrypt_anySize_ageAndJaggedDecryptItByteForByte(int size) throws Exception {
        // given
        Path key = keygen("key.txt");
        AgeRecipients recipients = AgeRecipients.of(List.of(recipient(key)));
        byte[] plain = sample(size);

        // when sealed in writes of odd sizes
        byte[] sealed = sealInPieces(recipients, plain);

        // then
        Path file = dir.resolve("c.age");
        Files.write(file, sealed);
        Result age = run("age", "-d", "-i", key.toString(), file.toString());
        assertEquals(0, age.exit, "age -d: " + new String(age.stderr, StandardCharsets.UTF_8));
        assertArrayEquals(plain, age.stdout);
        try (InputStream in = AgeIdentity.load(key).decrypt(Files.newInputStream(file))) {
            assertArrayEquals(plain, in.readAllBytes());
        }
        ByteArrayOutputStream jagged = new ByteArrayOutputStream();
        try (OutputStream out = recipients.encryptSequentially(jagged)) {
            out.write(plain);
        }
        assertEquals(jagged.size(), sealed.length, "the same header and chunk layout as Jagged's writer");
    }

    @Test
    void encrypt_lastChunkCutOff_ageRefusesTheTruncatedFile() throws Exception {
        // given a sealed file of three chunks, the last one short
        Path key = keygen("key.txt");
        byte[] sealed = sealInPieces(AgeRecipients.of(List.of(recipient(key))), sample(2 * CHUNK + 100));

        // when its last chunk (100 bytes and the tag) is cut off
        Path file = dir.resolve("cut.age");
        Files.write(file, Arrays.copyOf(sealed, sealed.length - 116));

        // then the second chunk, which is not flagged as the last, does not pass for the end
        assertNotEquals(0, run("age", "-d", "-i", key.toString(), file.toString()).exit);
    }

    @Test
    void nonce_isElevenByteBigEndianCounterAndTheLastFlag() {
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, ParallelSealing.nonce(0, false));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 1}, ParallelSealing.nonce(258, true));
    }

    private static byte[] sealInPieces(AgeRecipients recipients, byte[] plain) throws Exception {
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        Random sizes = new Random(7);
        try (OutputStream out = recipients.encrypt(sealed)) {
            for (int at = 0; at < plain.length; ) {
                int n = Math.min(plain.length - at, 1 + sizes.nextInt(3 * CHUNK / 2));
                if (n == 1) {
                    out.write(plain[at]);
                } else {
                    out.write(plain, at, n);
                }
                at += n;
            }
        }
        return sealed.toByteArray();
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
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private record Result(int exit, byte[] stdout, byte[] stderr) {
    }

    private Result run(String... command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".bin");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int exit = p.waitFor();
        return new Result(exit, Files.readAllBytes(out), Files.readAllBytes(err));
    }
}
