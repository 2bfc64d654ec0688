package dev.backstop.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.config.TargetConfig;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.Manifest;
import dev.backstop.core.TargetException;
import dev.backstop.target.local.LocalTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit in steps, as a run drives it: begin, one upload per component, finish or abort. */
class SetUploadTest {

    @TempDir
    Path dir;

    private final BackupSetCommitter committer = new BackupSetCommitter();

    private LocalTarget target() {
        return new LocalTarget(new TargetConfig.Local("disk", dir.resolve("root"), null));
    }

    @Test
    void finish_componentsUploadedInAnyOrder_commitsInManifestOrder() throws Exception {
        // given
        TestSets.SpooledSet set = TestSets.twoComponents(dir.resolve("spool"), TestSets.ID);
        LocalTarget target = target();
        SetUpload upload = committer.begin(target, TestSets.HOST, TestSets.ID);

        // when the second component is dumped first
        ComponentEntry first = set.manifest().components().get(0);
        ComponentEntry second = set.manifest().components().get(1);
        upload.upload(second, set.files().get(second.file()));
        upload.upload(first, set.files().get(first.file()));
        CommitReport report = upload.finish(set.manifest());

        // then
        assertThat(report.files()).extracting(CommitReport.StoredFile::file)
                .containsExactly(first.file(), second.file(), Manifest.SUMS_FILE_NAME, Manifest.FILE_NAME);
        assertThat(dir.resolve("root").resolve(set.finalDir()).resolve(Manifest.FILE_NAME)).exists();
        assertThat(dir.resolve("root").resolve(set.partialDir())).doesNotExist();
    }

    @Test
    void abort_afterOneUpload_removesThePartialSetAndIsIdempotent() throws Exception {
        // given one component already sent
        TestSets.SpooledSet set = TestSets.twoComponents(dir.resolve("spool"), TestSets.ID);
        SetUpload upload = committer.begin(target(), TestSets.HOST, TestSets.ID);
        ComponentEntry first = set.manifest().components().get(0);
        upload.upload(first, set.files().get(first.file()));
        assertThat(dir.resolve("root").resolve(set.partialDir()).resolve(first.file())).exists();

        // when
        upload.abort();
        upload.abort();

        // then
        assertThat(dir.resolve("root").resolve(set.partialDir())).doesNotExist();
        assertThat(dir.resolve("root").resolve(set.finalDir())).doesNotExist();
        assertThatThrownBy(() -> upload.finish(set.manifest())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already ended (aborted)");
    }

    @Test
    void finish_manifestNamesAComponentNeverUploaded_refusedAndNothingLeft() throws Exception {
        // given only one of two components sent
        TestSets.SpooledSet set = TestSets.twoComponents(dir.resolve("spool"), TestSets.ID);
        SetUpload upload = committer.begin(target(), TestSets.HOST, TestSets.ID);
        ComponentEntry first = set.manifest().components().get(0);
        upload.upload(first, set.files().get(first.file()));

        // when / then
        assertThatThrownBy(() -> upload.finish(set.manifest())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match the files uploaded");
        assertThat(dir.resolve("root").resolve(set.partialDir())).doesNotExist();
        assertThat(dir.resolve("root").resolve(set.finalDir())).doesNotExist();
    }

    @Test
    void upload_readBackFails_partialRemovedAndLaterStepsRefused() throws Exception {
        // given a target whose read-back fails
        TestSets.SpooledSet set = TestSets.twoComponents(dir.resolve("spool"), TestSets.ID);
        Target faulty = new ForwardingTarget(target()) {
            @Override
            public InputStream read(String path) throws IOException {
                throw new IOException("read error on the disk");
            }
        };
        SetUpload upload = committer.begin(faulty, TestSets.HOST, TestSets.ID);
        ComponentEntry first = set.manifest().components().get(0);

        // when / then
        assertThatThrownBy(() -> upload.upload(first, set.files().get(first.file()))).isInstanceOf(TargetException.class)
                .hasMessageContaining("read error on the disk").hasMessageContaining("removed " + set.partialDir());
        assertThat(dir.resolve("root").resolve(set.partialDir())).doesNotExist();
        ComponentEntry second = set.manifest().components().get(1);
        assertThatThrownBy(() -> upload.upload(second, set.files().get(second.file())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already ended (failed)");
        upload.abort();
    }

    @Test
    void begin_finalSetExists_refusedAndTheCommittedSetUntouched() throws Exception {
        // given a committed set of this id
        TestSets.SpooledSet set = TestSets.twoComponents(dir.resolve("spool"), TestSets.ID);
        LocalTarget target = target();
        committer.commit(target, TestSets.HOST, set.manifest(), set.files());

        // when / then
        assertThatThrownBy(() -> committer.begin(target, TestSets.HOST, TestSets.ID)).isInstanceOf(TargetException.class)
                .hasMessageContaining("already exists on the target");
        assertThat(Files.exists(dir.resolve("root").resolve(set.finalDir()).resolve(Manifest.FILE_NAME))).isTrue();
    }
}
