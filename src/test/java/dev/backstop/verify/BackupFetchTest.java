package dev.backstop.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.commit.BackupSetCommitter;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.BackupId;
import dev.backstop.core.TargetException;
import dev.backstop.target.NewerFormatSets;
import dev.backstop.target.TestSets;
import dev.backstop.target.local.LocalConfig;
import dev.backstop.target.local.LocalTarget;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** restore and restore-test find their set here, and refuse one that a newer backstop wrote. */
class BackupFetchTest {

    private static final BackupId OLDER = BackupId.parse("20251103T020001Z");
    private static final BackupId NEWER = BackupId.parse("20251104T020001Z");

    @TempDir
    Path dir;

    private LocalTarget target;

    @BeforeEach
    void aSetOfThisVersionAndANewerOne() throws Exception {
        target = new LocalTarget(new LocalConfig("local", dir.resolve("backups"), RetentionPolicy.keepEverything()));
        target.preflight(0);
        TestSets.SpooledSet set = TestSets.twoComponents(dir.resolve("spool"), OLDER);
        new BackupSetCommitter().commit(target, TestSets.HOST, set.manifest(), set.files());
        NewerFormatSets.plant(target, TestSets.HOST, NEWER);
    }

    @Test
    void find_namedSetOfANewerFormat_isRefusedSayingWhatToUse() {
        assertThatThrownBy(() -> BackupFetch.find(target, TestSets.HOST, NEWER.toString()))
                .isInstanceOf(TargetException.class)
                .hasMessage("backup 20251104T020001Z was written by a newer backstop (manifest format 4); restore it"
                        + " with that version or with the standard tools (docs/disaster-recovery.md)");
    }

    @Test
    void find_newestIsOfANewerFormat_isRefusedNotSilentlyAnOlderOne() {
        assertThatThrownBy(() -> BackupFetch.find(target, TestSets.HOST, null))
                .isInstanceOf(TargetException.class)
                .hasMessageContaining("backup 20251104T020001Z was written by a newer backstop (manifest format 4)")
                .hasMessageEndingWith("; --backup chooses an older one");
    }

    @Test
    void find_olderSetNamed_isFound() throws Exception {
        assertThat(BackupFetch.find(target, TestSets.HOST, OLDER.toString()).complete()).isTrue();
    }

    @Test
    void find_unknownId_listsTheNewestFirst() {
        assertThatThrownBy(() -> BackupFetch.find(target, TestSets.HOST, "20200101T000000Z"))
                .isInstanceOf(TargetException.class)
                .hasMessageEndingWith("; newest there, newest first: 20251104T020001Z, 20251103T020001Z");
    }
}
