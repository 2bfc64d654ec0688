package dev.backstop.target.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.commit.CommitReport;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.Manifest;
import dev.backstop.target.ContractFixture;
import dev.backstop.target.StoredFile;
import dev.backstop.target.Target;
import dev.backstop.target.TargetContract;
import dev.backstop.target.TestSets;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local target against the whole target contract, plus what only a local disk has: modes and links. */
@ContractFixture(LocalKind.class)
class LocalTargetTest extends TargetContract {

    @TempDir
    Path base;

    Path root;

    @Override
    protected Target createTarget() {
        root = base.resolve("backups");
        return new LocalTarget(new LocalConfig("local", root, (RetentionPolicy) null));
    }

    @Override
    protected Optional<Path> localRoot() {
        return Optional.of(root);
    }

    @Override
    protected boolean offersStorageHash() {
        return false; // a local disk has no hash of its own: the committer reads the bytes back
    }

    @Override
    protected void corruptBehindTheBack(String path) throws IOException {
        flipFirstByte(root.resolve(path));
    }

    /** Flips one bit of the first byte, as a failing disk would. */
    static void flipFirstByte(Path stored) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(stored.toFile(), "rw")) {
            int b = file.read();
            file.seek(0);
            file.write(b ^ 0x01);
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void preflight_missingRoot_createsItWithMode0700() throws Exception {
        Path fresh = base.resolve("fresh/backups");
        LocalTarget local = new LocalTarget(new LocalConfig("fresh", fresh, (RetentionPolicy) null));

        long free = local.preflight(1);

        assertThat(free).isPositive();
        assertThat(mode(fresh)).isEqualTo("rwx------");
        assertThat(fresh).isEmptyDirectory();
    }

    @Test
    void commit_spoolOnTheSameFileSystem_storesEveryComponentByHardLink_0600_notCopied() throws Exception {
        target.preflight(1);
        TestSets.SpooledSet set = set();
        for (Path spoolFile : set.files().values()) {
            Files.setPosixFilePermissions(spoolFile, PosixFilePermissions.fromString("rw-r--r--"));
        }

        CommitReport report = committer.commit(target, TestSets.HOST, set.manifest(), set.files());

        for (var e : set.files().entrySet()) {
            Path stored = root.resolve(report.finalPath()).resolve(e.getKey());
            assertThat(Files.isSameFile(stored, e.getValue())).as("%s is the spool file's inode", stored).isTrue();
            assertThat(mode(stored)).isEqualTo("rw-------");
        }
        assertThat(report.files()).allSatisfy(f -> assertThat(f.verification())
                .isEqualTo(StoredFile.Verification.READ_BACK));
    }

    @Test
    void commit_storedSet_filesAre0600AndDirectories0700() throws Exception {
        target.preflight(1);
        TestSets.SpooledSet set = set();
        CommitReport report = committer.commit(target, TestSets.HOST, set.manifest(), set.files());

        Path dir = root.resolve(report.finalPath());
        assertThat(Files.list(dir)).hasSize(4).allSatisfy(f -> assertThat(mode(f)).as("%s", f).isEqualTo("rw-------"));
        for (Path d = dir; !d.equals(root); d = d.getParent()) {
            assertThat(mode(d)).as("%s", d).isEqualTo("rwx------");
        }
        assertThat(mode(root.resolve(TestSets.HOST).resolve(".partial"))).isEqualTo("rwx------");
        assertThat(dir.resolve(Manifest.FILE_NAME)).isRegularFile();
    }

    @Test
    void write_overAWiderFile_leavesMode0600() throws Exception {
        Files.createDirectories(root);
        Path wide = Files.writeString(root.resolve("f"), "old");
        Files.setPosixFilePermissions(wide, PosixFilePermissions.fromString("rw-r--r--"));

        target.write("f", bytes("new".getBytes(UTF_8)));

        assertThat(mode(wide)).isEqualTo("rw-------");
        assertThat(wide).hasContent("new");
    }

    @Test
    void delete_treeWithLinkToOutside_removesTheLinkNotItsTarget() throws Exception {
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("precious"), "keep me");
        target.makeDirectories("tree");
        Files.createSymbolicLink(root.resolve("tree/link"), outside);

        target.delete("tree");

        assertThat(root.resolve("tree")).doesNotExist();
        assertThat(outside.resolve("precious")).hasContent("keep me");
    }

    @Test
    void delete_throughALinkedParent_isRefused() throws Exception {
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("precious"), "keep me");
        target.makeDirectories("");
        Files.createSymbolicLink(root.resolve("host"), outside);

        assertThatThrownBy(() -> target.delete("host/precious")).isInstanceOf(IOException.class)
                .hasMessageContaining("symbolic link");

        assertThat(outside.resolve("precious")).hasContent("keep me");
    }
}
