package dev.backstop.target.sftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.CommitReport;
import dev.backstop.core.Manifest;
import dev.backstop.target.ContractFixture;
import dev.backstop.target.StoredFile.Verification;
import dev.backstop.target.StoredFile;
import dev.backstop.target.Target;
import dev.backstop.target.TargetContract;
import dev.backstop.target.TestSets;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SFTP target against the whole target contract, on the real OpenSSH server of the test
 * machine, as its normal user, below "Backup/Server AskProAI" (a path with a space), verifying by
 * remote hash. Each test gets a fresh directory there, seen locally for corruption and cleanup.
 */
@ContractFixture(SftpKind.class)
@RequiresService(Services.Sshd.class)
class SftpTargetTest extends TargetContract {

    @TempDir
    Path stateDir;

    String dirName;

    Path localRoot;

    protected String user() {
        return TestSshd.USER;
    }

    protected SftpConfig.Verify verify() {
        return SftpConfig.Verify.REMOTE_HASH;
    }

    @Override
    protected Target createTarget() {
        dirName = "test-" + UUID.randomUUID() + " é'$x";
        String path = TestSshd.PATH + "/" + dirName;
        localRoot = TestSshd.startDir(user()).resolve(path);
        return new SftpTarget(TestSshd.config("nas", user(), path, TestSshd.key("id_ed25519"), TestSshd.KNOWN_HOSTS,
                verify()), stateDir);
    }

    @AfterEach
    void removeRoot() throws IOException {
        if (localRoot != null && Files.exists(localRoot)) {
            try (Stream<Path> walk = Files.walk(localRoot)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Override
    protected Optional<Path> localRoot() {
        return Optional.of(localRoot);
    }

    @Override
    protected boolean offersStorageHash() {
        return verify() == SftpConfig.Verify.REMOTE_HASH;
    }

    @Override
    protected void corruptBehindTheBack(String path) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(localRoot.resolve(path).toFile(), "rw")) {
            int b = file.read();
            file.seek(0);
            file.write(b ^ 0x01);
        }
    }

    @Test
    void commit_configuredVerification_isTheOneUsed() throws Exception {
        TestSets.SpooledSet set = set();

        CommitReport report = committer.commit(target, HOST, set.manifest(), set.files());

        assertThat(report.files()).extracting(StoredFile::verification).containsOnly(
                verify() == SftpConfig.Verify.REMOTE_HASH ? Verification.STORAGE_HASH : Verification.READ_BACK);
    }

    @Test
    void write_newFile_isMode0600AndDirectories0700() throws Exception {
        target.makeDirectories("d/e");

        target.write("d/e/f", bytes("x".getBytes(UTF_8)));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(localRoot.resolve("d/e/f"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(localRoot.resolve("d/e"))))
                .isEqualTo("rwx------");
    }

    @Test
    void writeFrom_offset_keepsTheHeadAndReplacesTheTail() throws Exception {
        target.write("f", bytes("0123456789".getBytes(UTF_8)));

        long n = target.writeFrom("f", bytes("abc".getBytes(UTF_8)), 4);

        assertThat(n).isEqualTo(3);
        assertThat(readAll("f")).asString(UTF_8).isEqualTo("0123abc");
    }

    @Test
    void storageSha256_nonAsciiQuotedName_hashesThatFile() throws Exception {
        byte[] data = "payload".getBytes(UTF_8);
        target.write("it's a \"file\" $(touch pwned) ü", bytes(data));

        Optional<String> hash = target.storageSha256("it's a \"file\" $(touch pwned) ü");

        // without a proven remote hash (no shell here) the answer is empty and nothing runs
        assertThat(hash).isEqualTo(offersStorageHash() ? Optional.of(dev.backstop.core.Sha256.of(data)) : Optional.empty());
        assertThat(localRoot.resolve("pwned")).doesNotExist();
        assertThat(Files.readString(localRoot.resolve(Manifest.FILE_NAME).getParent()
                .resolve("it's a \"file\" $(touch pwned) ü"))).isEqualTo("payload");
    }
}
