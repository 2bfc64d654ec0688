package dev.backstop.target.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.CommitReport;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.target.ContractFixture;
import dev.backstop.target.Target;
import dev.backstop.target.TargetContract;
import dev.backstop.target.TestSets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The local target on another file system than the spool (a tmpfs under /dev/shm), where a hard
 * link is impossible and every file is copied: the whole contract again on that path.
 */
@ContractFixture(LocalKind.class)
class LocalTargetCopyTest extends TargetContract {

    Path base;
    Path root;

    @Override
    protected Target createTarget() throws IOException {
        base = Files.createTempDirectory(Path.of("/dev/shm"), "backstop-copy");
        root = base.resolve("backups");
        return new LocalTarget(new LocalConfig("local", root, (RetentionPolicy) null));
    }

    @AfterEach
    void removeBase() throws IOException {
        LocalTreeDeleter.delete(base.getParent(), base);
    }

    @Override
    protected Optional<Path> localRoot() {
        return Optional.of(root);
    }

    @Override
    protected boolean offersStorageHash() {
        return false;
    }

    @Override
    protected void corruptBehindTheBack(String path) throws IOException {
        LocalTargetTest.flipFirstByte(root.resolve(path));
    }

    @Test
    void commit_spoolOnAnotherFileSystem_copiesEveryFile() throws Exception {
        target.preflight(1);
        TestSets.SpooledSet set = set();
        assertThat(target.canStoreByLink(set.files().get("appdb.sql.gz"))).as("spool and target on one file system")
                .isFalse();

        CommitReport report = committer.commit(target, TestSets.HOST, set.manifest(), set.files());

        for (var e : set.files().entrySet()) {
            Path stored = root.resolve(report.finalPath()).resolve(e.getKey());
            assertThat(Files.isSameFile(stored, e.getValue())).isFalse();
            assertThat(stored).hasSameBinaryContentAs(e.getValue());
        }
    }
}
