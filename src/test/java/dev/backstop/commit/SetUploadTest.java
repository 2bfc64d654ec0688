package dev.backstop.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ComponentEntry;
import dev.backstop.core.Manifest;
import dev.backstop.core.TargetException;
import dev.backstop.target.ForwardingTarget;
import dev.backstop.target.StoredFile.Verification;
import dev.backstop.target.StoredFile;
import dev.backstop.target.Target;
import dev.backstop.target.TestSets;
import dev.backstop.target.TestStreams;
import dev.backstop.target.local.LocalConfig;
import dev.backstop.target.local.LocalTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit in steps, as a run drives it: begin, one upload per component (stored on one thread,
 * verified on another), finish or abort.
 */
class SetUploadTest {

    @TempDir
    Path dir;

    private final BackupSetCommitter committer = new BackupSetCommitter();
    /** The second thread of a lane, for the tests that verify while storing. */
    private final ExecutorService verifier = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopVerifier() {
        verifier.shutdownNow();
    }

    private LocalTarget target() {
        return new LocalTarget(new LocalConfig("disk", dir.resolve("root"), null));
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
        assertThat(report.files()).extracting(StoredFile::file)
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
    void upload_readBackFails_partialRemovedAndLaterStepsReportThatFailure() throws Exception {
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
                .isInstanceOf(TargetException.class).hasMessageContaining("read error on the disk");
        assertThatThrownBy(() -> upload.finish(set.manifest()))
                .isInstanceOf(TargetException.class).hasMessageContaining("read error on the disk");
        upload.abort();
    }

    /** The i-th component of the set, as a run hands it over once its dump has ended. */
    private static ComponentFile component(TestSets.SpooledSet set, int i) {
        ComponentEntry c = set.manifest().components().get(i);
        return ComponentFile.complete(c, set.files().get(c.file()));
    }

    private static String fileOf(TestSets.SpooledSet set, int i) {
        return set.manifest().components().get(i).file();
    }

    @Test
    void store_whileAnotherThreadVerifiesThePreviousComponent_bothRunAtOnce() throws Exception {
        // given a target where the read-back of the first component and the write of the second wait for each other
        TestSets.SpooledSet set = TestSets.twoComponents(dir.resolve("spool"), TestSets.ID);
        CountDownLatch readingFirst = new CountDownLatch(1);
        CountDownLatch writingSecond = new CountDownLatch(1);
        Target meeting = new ForwardingTarget(target()) {
            @Override
            public long write(String path, InputStream in) throws IOException {
                return super.write(path, path.endsWith(fileOf(set, 1)) ? TestStreams.meeting(in, writingSecond, readingFirst) : in);
            }

            @Override
            public InputStream read(String path) throws IOException {
                InputStream in = super.read(path);
                return path.endsWith(fileOf(set, 0)) ? TestStreams.meeting(in, readingFirst, writingSecond) : in;
            }
        };
        SetUpload upload = committer.begin(meeting, TestSets.HOST, TestSets.ID);
        PendingVerification first = upload.store(component(set, 0));

        // when the first is verified on another thread while this one stores the second
        Future<StoredFile> verified = verifier.submit(first::verify);
        upload.store(component(set, 1)).verify();

        // then both went through, and the set commits
        assertThat(verified.get(30, TimeUnit.SECONDS).verification()).isEqualTo(Verification.READ_BACK);
        CommitReport report = upload.finish(set.manifest());
        assertThat(report.files()).extracting(StoredFile::file)
                .containsExactly(fileOf(set, 0), fileOf(set, 1), Manifest.SUMS_FILE_NAME, Manifest.FILE_NAME);
        assertThat(dir.resolve("root").resolve(set.finalDir()).resolve(fileOf(set, 1)))
                .hasSameBinaryContentAs(set.files().get(fileOf(set, 1)));
    }

    @Test
    void verify_mismatchWhileTheNextComponentIsStored_storeStopsWithThatFailureAndNothingIsLeft() throws Exception {
        // given the first component reads back with a flipped byte, and the write of the second waits,
        // after its first bytes, until that verification has failed
        TestSets.SpooledSet set = TestSets.twoComponents(dir.resolve("spool"), TestSets.ID);
        CountDownLatch writingSecond = new CountDownLatch(1);
        CountDownLatch firstFailed = new CountDownLatch(1);
        AtomicLong secondBytesWritten = new AtomicLong();
        Target faulty = new ForwardingTarget(target()) {
            @Override
            public long write(String path, InputStream in) throws IOException {
                if (!path.endsWith(fileOf(set, 1))) {
                    return super.write(path, in);
                }
                return super.write(path, new java.io.FilterInputStream(TestStreams.meeting(in, writingSecond, firstFailed)) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        secondBytesWritten.addAndGet(Math.max(n, 0));
                        return n;
                    }
                });
            }

            @Override
            public InputStream read(String path) throws IOException {
                InputStream in = super.read(path);
                return path.endsWith(fileOf(set, 0)) ? TestStreams.flippingByteAt(in, 3) : in;
            }
        };
        SetUpload upload = committer.begin(faulty, TestSets.HOST, TestSets.ID);
        PendingVerification first = upload.store(component(set, 0));
        Future<StoredFile> verified = verifier.submit(() -> {
            TestStreams.await(writingSecond, "the second component was not written");
            try {
                return first.verify();
            } finally {
                firstFailed.countDown();
            }
        });

        // when
        ThrowingCallable storeSecond = () -> upload.store(component(set, 1));

        // then both threads report the mismatch of the first file, the second write stopped early,
        // and the partial set is gone, also what the second write put there after the cleanup
        assertThatThrownBy(storeSecond).isInstanceOf(TargetException.class).hasMessageContaining(fileOf(set, 0))
                .hasMessageContaining("SHA-256").hasMessageContaining("removed " + set.partialDir());
        assertThatThrownBy(() -> verified.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TargetException.class).hasMessageContaining(fileOf(set, 0) + ": read back");
        assertThat(secondBytesWritten.get()).isLessThan(set.manifest().components().get(1).bytes());
        assertThat(dir.resolve("root").resolve(set.partialDir())).doesNotExist();
        assertThat(dir.resolve("root").resolve(set.finalDir())).doesNotExist();
        assertThatThrownBy(() -> upload.finish(set.manifest())).isInstanceOf(TargetException.class)
                .hasMessageContaining(fileOf(set, 0));
    }

    @Test
    void finish_whileAnotherThreadStillVerifies_writesTheManifestOnlyAfterThatVerification() throws Exception {
        // given the read-back of the first component hangs until released
        TestSets.SpooledSet set = TestSets.twoComponents(dir.resolve("spool"), TestSets.ID);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch verifying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Target hanging = new ForwardingTarget(target()) {
            @Override
            public long write(String path, InputStream in) throws IOException {
                events.add("wrote " + path.substring(path.lastIndexOf('/') + 1));
                return super.write(path, in);
            }

            @Override
            public InputStream read(String path) throws IOException {
                if (!path.endsWith(fileOf(set, 0))) {
                    return super.read(path);
                }
                verifying.countDown();
                TestStreams.await(release, "not released");
                return TestStreams.onClose(super.read(path), () -> events.add("verified " + fileOf(set, 0)));
            }
        };
        SetUpload upload = committer.begin(hanging, TestSets.HOST, TestSets.ID);
        PendingVerification first = upload.store(component(set, 0));
        upload.store(component(set, 1)).verify();
        verifier.submit(first::verify);
        assertThat(verifying.await(20, TimeUnit.SECONDS)).isTrue();

        // when finish runs while that verification hangs
        FutureTask<CommitReport> finish = new FutureTask<>(() -> upload.finish(set.manifest()));
        Thread finisher = new Thread(finish, "finisher");
        finisher.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (finisher.getState() != Thread.State.WAITING && finisher.getState() != Thread.State.TERMINATED) {
            assertThat(System.nanoTime()).as("finish neither waits nor ends").isLessThan(deadline);
            Thread.onSpinWait();
        }
        release.countDown();

        // then it committed, with SHA256SUMS and the manifest written after the verification
        assertThat(finish.get(30, TimeUnit.SECONDS).finalPath()).isEqualTo(set.finalDir());
        assertThat(events).containsSubsequence("verified " + fileOf(set, 0), "wrote " + Manifest.SUMS_FILE_NAME,
                "wrote " + Manifest.FILE_NAME);
    }

    @Test
    void finish_abortedWhileTheManifestIsWritten_neverCommitsAndLeavesNothing() throws Exception {
        // given the write of the manifest waits until the upload was aborted on another thread
        TestSets.SpooledSet set = TestSets.twoComponents(dir.resolve("spool"), TestSets.ID);
        CountDownLatch writingManifest = new CountDownLatch(1);
        CountDownLatch aborted = new CountDownLatch(1);
        Target waiting = new ForwardingTarget(target()) {
            @Override
            public long write(String path, InputStream in) throws IOException {
                if (path.endsWith("/" + Manifest.FILE_NAME)) {
                    writingManifest.countDown();
                    TestStreams.await(aborted, "not aborted");
                }
                return super.write(path, in);
            }
        };
        SetUpload upload = committer.begin(waiting, TestSets.HOST, TestSets.ID);
        upload.upload(component(set, 0));
        upload.upload(component(set, 1));
        Future<CommitReport> finish = verifier.submit(() -> upload.finish(set.manifest()));
        assertThat(writingManifest.await(20, TimeUnit.SECONDS)).isTrue();

        // when
        upload.abort();
        aborted.countDown();

        // then the finish reports the abort instead of a commit, and neither name holds anything
        assertThatThrownBy(() -> finish.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TargetException.class).hasMessageContaining("aborted");
        assertThat(dir.resolve("root").resolve(set.partialDir())).doesNotExist();
        assertThat(dir.resolve("root").resolve(set.finalDir())).doesNotExist();
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
