package dev.backstop.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.commit.LogSegmentStore;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.PreflightException;
import dev.backstop.core.Sha256;
import dev.backstop.encryption.AgeIdentity;
import dev.backstop.encryption.AgeRecipients;
import dev.backstop.encryption.EncryptionException;
import dev.backstop.target.local.LocalConfig;
import dev.backstop.target.local.LocalTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogChainTest {

    @TempDir
    Path root;

    private LogSegmentStore store() {
        return new LogSegmentStore(new LocalTarget(new LocalConfig("nas", root, RetentionPolicy.keepEverything())), "web1",
                "appdb");
    }

    /** Commits a segment holding {@code end - start} bytes of {@code fill}, as the archiver names it. */
    private void segment(String file, long start, long end, char fill) throws IOException {
        segment(file, start, end, fill, null);
    }

    /** The same, sealed to {@code recipients} ({@code .gz.age}) unless they are null. */
    private void segment(String file, long start, long end, char fill, AgeRecipients recipients) throws IOException {
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(recipients == null ? stored : recipients.encrypt(stored))) {
            out.write(String.valueOf(fill).repeat((int) (end - start)).getBytes(StandardCharsets.US_ASCII));
        }
        Path dir = Files.createDirectories(root.resolve("web1/logs/appdb").resolve(file));
        String name = String.format("%012d-%012d.gz", start, end) + (recipients == null ? "" : AgeRecipients.SUFFIX);
        Files.write(dir.resolve(name), stored.toByteArray());
        Files.writeString(dir.resolve(name + ".sha256"), Sha256.of(stored.toByteArray()) + "  " + name + "\n");
    }

    @Test
    void plan_segmentsJoin_everyOneFromTheDumpsFileOnNoGap() throws IOException {
        segment("bin.000001", 0, 100, 'a');
        segment("bin.000002", 0, 50, 'b');
        segment("bin.000002", 50, 80, 'c');
        segment("bin.000003", 0, 10, 'd');

        LogChain chain = LogChain.plan(store(), "bin.000002");

        assertThat(chain.gap()).isNull();
        assertThat(chain.logFiles()).containsExactly("bin.000002", "bin.000003");
        assertThat(chain.bytes()).isEqualTo(90);
    }

    @Test
    void plan_missingRangeOrFileOrStart_theFirstGapNamedAndNothingAfterIt() throws IOException {
        segment("bin.000001", 0, 100, 'a');
        segment("bin.000001", 150, 200, 'a');
        segment("bin.000003", 0, 10, 'd');
        segment("bin.000005", 0, 10, 'd');

        assertThat(LogChain.plan(store(), "bin.000001").gap()).isEqualTo("bin.000001: bytes 100 to 150 are missing");
        assertThat(LogChain.plan(store(), "bin.000001").segments()).hasSize(1);
        assertThat(LogChain.plan(store(), "bin.000003").gap()).startsWith("bin.000004: the whole file is missing");
        assertThat(LogChain.plan(store(), "bin.000002").gap()).isEqualTo("bin.000002: no segment of it is archived");
    }

    @Test
    void rebuild_segmentsConcatenatedAndACorruptOneRefusedByName() throws Exception {
        segment("bin.000001", 0, 3, 'a');
        segment("bin.000001", 3, 5, 'b');
        LogChain chain = LogChain.plan(store(), "bin.000001");
        Path out = Files.createDirectories(root.resolve("rebuilt"));

        List<Path> files = chain.rebuild(store(), out, DecryptionKey.NONE);

        assertThat(files).containsExactly(out.resolve("bin.000001"));
        assertThat(Files.readString(files.get(0))).isEqualTo("aaabb");
        Path stored = root.resolve("web1/logs/appdb/bin.000001/000000000003-000000000005.gz");
        byte[] bytes = Files.readAllBytes(stored);
        bytes[bytes.length - 1] ^= 1;
        Files.write(stored, bytes);
        Path again = Files.createDirectories(root.resolve("again"));
        assertThatThrownBy(() -> chain.rebuild(store(), again, DecryptionKey.NONE)).isInstanceOf(LogChain.Corrupt.class)
                .hasMessageContaining("bin.000001/000000000003-000000000005.gz").hasMessageContaining("corrupt");
    }

    @Test
    void rebuild_sealedSegments_decryptedWithTheIdentityAndRefusedWithoutIt() throws Exception {
        AgeIdentity.Generated key = AgeIdentity.generate();
        Path keyFile = root.resolve("key.txt");
        Files.writeString(keyFile, key.fileContent());
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        AgeRecipients recipients = AgeRecipients.of(List.of(key.recipient()));
        segment("bin.000001", 0, 3, 'a');
        segment("bin.000001", 3, 7, 'b', recipients);
        segment("bin.000002", 0, 2, 'c', recipients);
        LogChain chain = LogChain.plan(store(), "bin.000001");
        assertThat(chain.gap()).isNull();

        Path out = Files.createDirectories(root.resolve("rebuilt"));
        List<Path> files = chain.rebuild(store(), out, key(keyFile));

        assertThat(files).containsExactly(out.resolve("bin.000001"), out.resolve("bin.000002"));
        assertThat(Files.readString(files.get(0))).isEqualTo("aaabbbb");
        assertThat(Files.readString(files.get(1))).isEqualTo("cc");
        Path none = Files.createDirectories(root.resolve("none"));
        assertThatThrownBy(() -> chain.rebuild(store(), none, DecryptionKey.NONE))
                .isInstanceOf(PreflightException.class).hasMessageContaining("identity_file");
        Path other = root.resolve("other.txt");
        Files.writeString(other, AgeIdentity.generate().fileContent());
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-------"));
        Path wrong = Files.createDirectories(root.resolve("wrong"));
        assertThatThrownBy(() -> chain.rebuild(store(), wrong, key(other)))
                .isInstanceOf(LogChain.Corrupt.class).hasMessageContaining("000000000003-000000000007.gz.age")
                .hasMessageContaining("identity_file");
    }

    private static DecryptionKey key(Path file) {
        return () -> {
            try {
                return AgeIdentity.load(file);
            } catch (EncryptionException e) {
                throw new PreflightException(e.getMessage());
            }
        };
    }
}
