package dev.backstop.target.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.commit.BackupSetCommitter;
import dev.backstop.commit.CommitReport;
import dev.backstop.core.BackupId;
import dev.backstop.core.TargetException;
import dev.backstop.target.StoredFile.Verification;
import dev.backstop.target.StoredFile;
import dev.backstop.target.TestSets;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code verify:} chooses between the server's sha256sum and a read-back, on the real sshd. */
@RequiresService(Services.Sshd.class)
class SftpVerifyTest {

    @TempDir
    Path stateDir;

    @TempDir
    Path spool;

    final BackupSetCommitter committer = new BackupSetCommitter();
    String path;
    Path localRoot;

    @BeforeEach
    void fresh() {
        path = TestSshd.PATH + "/verify-" + UUID.randomUUID();
        localRoot = TestSshd.startDir(TestSshd.USER).resolve(path);
    }

    @AfterEach
    void clean() throws Exception {
        if (localRoot != null && Files.exists(localRoot)) {
            try (Stream<Path> walk = Files.walk(localRoot)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private SftpTarget target(SftpConfig.Verify verify, String prefix, String user, String root) {
        SftpConfig c = TestSshd.config("nas", user, root, TestSshd.key("id_ed25519"), TestSshd.KNOWN_HOSTS, verify);
        c = new SftpConfig(c.name(), c.host(), c.port(), c.user(), c.identity(), null, null, c.knownHosts(), c.path(),
                verify, prefix, c.connectTimeout(), c.ioTimeout(), c.keepalive(), c.retries(), c.retryDelay(),
                c.retryBudget(), c.retention());
        return new SftpTarget(c, stateDir);
    }

    @Test
    void auto_firstRunReadsBack_thenRemoteHashOnceProven() throws Exception {
        try (SftpTarget target = target(SftpConfig.Verify.AUTO, null, TestSshd.USER, path)) {
            target.preflight(1);
            assertThat(target.remoteHashProofFile()).doesNotExist();

            CommitReport first = committer.commit(target, TestSets.HOST, TestSets.twoComponents(spool,
                    BackupId.parse("20251104T020001Z")).manifest(), TestSets.twoComponents(spool,
                    BackupId.parse("20251104T020001Z")).files());
            CommitReport second = committer.commit(target, TestSets.HOST, TestSets.twoComponents(spool,
                    BackupId.parse("20251104T110001Z")).manifest(), TestSets.twoComponents(spool,
                    BackupId.parse("20251104T110001Z")).files());

            assertThat(first.files().get(0).verification()).isEqualTo(Verification.READ_BACK);
            assertThat(target.remoteHashProofFile()).exists();
            assertThat(Files.readString(target.remoteHashProofFile())).contains(TestSshd.USER + "@127.0.0.1:"
                    + TestSshd.PORT).contains("proven");
            assertThat(second.files()).extracting(StoredFile::verification).containsOnly(Verification.STORAGE_HASH);
        }
    }

    @Test
    void auto_proofForAnotherPath_doesNotCount() throws Exception {
        try (SftpTarget first = target(SftpConfig.Verify.AUTO, null, TestSshd.USER, path)) {
            first.preflight(1);
            first.write("f", new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}));
            first.storageSha256("f");
            assertThat(first.remoteHashProofFile()).exists();
        }
        try (SftpTarget moved = target(SftpConfig.Verify.AUTO, null, TestSshd.USER, path + "/elsewhere")) {
            moved.preflight(1);
            moved.write("g", new java.io.ByteArrayInputStream(new byte[] {1}));
            Files.writeString(moved.remoteHashProofFile(), Files.readString(moved.remoteHashProofFile())
                    .replace(path + "/elsewhere", path));

            assertThat(moved.storageSha256("g")).as("unproven for this path: read-back").isEmpty();
        }
    }

    @Test
    void remoteHash_shellPathPrefixMapsThePath() throws Exception {
        // the test sshd's <dir>/volume1 links to /, as a Synology's shell sees /volume1/homes/.. for SFTP's /homes/..
        String prefix = TestSshd.DIR.resolve("volume1").toString();
        String absolute = TestSshd.startDir(TestSshd.USER).resolve(path).toString();
        try (SftpTarget target = target(SftpConfig.Verify.REMOTE_HASH, prefix, TestSshd.USER, absolute)) {
            target.preflight(1);
            target.write("f", new java.io.ByteArrayInputStream("x".getBytes()));

            assertThat(RemoteHash.shellPath(prefix, absolute + "/f")).isEqualTo(prefix + absolute + "/f");
            assertThat(target.storageSha256("f")).contains(dev.backstop.core.Sha256.of("x".getBytes()));
        }
    }

    @Test
    void remoteHash_wrongShellPathPrefix_failsTheCommitNeverMatches() throws Exception {
        try (SftpTarget target = target(SftpConfig.Verify.REMOTE_HASH, "/volume1", TestSshd.USER,
                TestSshd.startDir(TestSshd.USER).resolve(path).toString())) {
            target.preflight(1);
            TestSets.SpooledSet set = TestSets.twoComponents(spool, TestSets.ID);

            assertThatThrownBy(() -> committer.commit(target, TestSets.HOST, set.manifest(), set.files()))
                    .isInstanceOf(TargetException.class).hasMessageContaining("sha256sum")
                    .hasMessageContaining("/volume1").hasMessageContaining("No such file");

            assertThat(target.stat(set.partialDir())).isEmpty();
            assertThat(target.stat(set.finalDir())).isEmpty();
        }
    }

    @Test
    void remoteHash_chrootedAccountWithoutShell_failsNeverMatches() throws Exception {
        try (SftpTarget target = target(SftpConfig.Verify.REMOTE_HASH, null, TestSshd.CHROOT_USER, path)) {
            target.preflight(1);
            TestSets.SpooledSet set = TestSets.twoComponents(spool, TestSets.ID);

            assertThatThrownBy(() -> committer.commit(target, TestSets.HOST, set.manifest(), set.files()))
                    .isInstanceOf(TargetException.class).hasMessageContaining("appdb.sql.gz");

            assertThat(target.stat(set.partialDir())).isEmpty();
        } finally {
            localRoot = TestSshd.startDir(TestSshd.CHROOT_USER).resolve(path);
        }
    }
}
