package dev.backstop.target;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.commit.BackupSetCommitter;
import dev.backstop.commit.BackupSetLayout;
import dev.backstop.commit.BackupSets.BackupSet;
import dev.backstop.commit.BackupSets;
import dev.backstop.commit.CommitReport;
import dev.backstop.commit.ComponentFile;
import dev.backstop.commit.PendingVerification;
import dev.backstop.commit.SetUpload;
import dev.backstop.core.BackupId;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.Manifest;
import dev.backstop.core.TargetException;
import dev.backstop.target.TestSets.SpooledSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every behaviour of a {@link Target}: the primitives (inherited) and the commit protocol of
 * {@link BackupSetCommitter} running on it, with and without planted faults. A target type is
 * done when its fixture, a subclass of this, passes. Faults that need a misbehaving target are
 * planted by {@link ForwardingTarget} decorators around the bare target, below the decorators a
 * production-stack fixture adds ({@link #stack}), so they run against every real target type as
 * runs use it.
 */
public abstract class TargetContract extends TargetPrimitivesContract {

    protected static final String HOST = TestSets.HOST;

    protected final BackupSetCommitter committer = new BackupSetCommitter();

    @Test
    void fixture_namesTheKindItTests() {
        assertThat(getClass().getAnnotation(ContractFixture.class)).as("@ContractFixture on " + getClass().getSimpleName())
                .isNotNull();
    }

    protected SpooledSet set() throws IOException {
        return TestSets.twoComponents(spool, TestSets.ID);
    }

    /** Nothing under the final name, nothing in flight. */
    protected void assertNothingLeft(SpooledSet set) throws Exception {
        assertThat(target.stat(set.finalDir())).as("final directory").isEmpty();
        assertThat(target.stat(set.partialDir())).as("partial directory").isEmpty();
        assertThat(target.list(BackupSetLayout.partialRoot(HOST))).as("in-flight sets").isEmpty();
        assertThat(BackupSets.list(target, HOST)).as("listed sets").isEmpty();
    }

    @Test
    void commit_completeSet_landsVerifiedAtItsFinalPlace() throws Exception {
        SpooledSet set = set();

        CommitReport report = committer.commit(target, HOST, set.manifest(), set.files());

        assertThat(report.finalPath()).isEqualTo(HOST + "/2025/11/04/20251104T020001Z");
        assertThat(report.files()).extracting(StoredFile::file).containsExactly(
                "appdb.sql.gz", "application.tar.gz", Manifest.SUMS_FILE_NAME, Manifest.FILE_NAME);
        assertThat(report.files()).allSatisfy(f -> assertThat(f.verification()).isNotNull());
        assertThat(report.bytes()).isEqualTo(report.files().stream().mapToLong(StoredFile::bytes).sum())
                .isGreaterThan(256 * 1024);
        assertThat(report.elapsed()).isPositive();
        assertThat(readAll(report.finalPath() + "/" + Manifest.FILE_NAME)).isEqualTo(set.manifest().toJson());
        assertThat(readAll(report.finalPath() + "/application.tar.gz")).isEqualTo(Files.readAllBytes(set.files().get("application.tar.gz")));
        assertThat(target.stat(set.partialDir())).isEmpty();
        List<BackupSet> listed = BackupSets.list(target, HOST);
        assertThat(listed).singleElement().satisfies(s -> {
            assertThat(s.complete()).isTrue();
            assertThat(s.manifest()).isEqualTo(set.manifest());
        });
    }

    @Test
    void commit_committedSet_passesSha256sumCheckWithStandardTools() throws Exception {
        Path root = localRoot().orElse(null);
        Assumptions.assumeTrue(root != null, "the target's files are not visible on this machine");
        SpooledSet set = set();

        CommitReport report = committer.commit(target, HOST, set.manifest(), set.files());

        Path dir = root.resolve(report.finalPath());
        Process p = new ProcessBuilder("sha256sum", "-c", Manifest.SUMS_FILE_NAME).directory(dir.toFile())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("appdb.sql.gz: OK", "application.tar.gz: OK");
    }

    @Test
    void commit_finalDirectoryExists_refusesAndKeepsTheCommittedSet() throws Exception {
        SpooledSet set = set();
        committer.commit(target, HOST, set.manifest(), set.files());
        byte[] before = readAll(set.finalDir() + "/" + Manifest.FILE_NAME);

        assertThatThrownBy(() -> committer.commit(target, HOST, set.manifest(), set.files()))
                .isInstanceOf(TargetException.class).hasMessageContaining("already exists")
                .hasMessageContaining(set.finalDir());

        assertThat(readAll(set.finalDir() + "/" + Manifest.FILE_NAME)).isEqualTo(before);
        assertThat(BackupSets.list(target, HOST)).singleElement().satisfies(s -> assertThat(s.complete()).isTrue());
    }

    @Test
    void commit_stalePartialOfTheSameId_isReplaced() throws Exception {
        SpooledSet set = set();
        target.makeDirectories(set.partialDir());
        target.write(set.partialDir() + "/stale.bin", bytes("left by a killed run".getBytes(UTF_8)));

        CommitReport report = committer.commit(target, HOST, set.manifest(), set.files());

        assertThat(target.stat(report.finalPath() + "/stale.bin")).isEmpty();
        assertThat(target.stat(set.partialDir())).isEmpty();
    }

    @Test
    void commit_uploadStreamFailsHalfway_failsAndLeavesNothing() throws Exception {
        SpooledSet set = set();
        Target faulty = stack(new ForwardingTarget(bare) {
            @Override
            public long write(String path, InputStream in) throws IOException {
                return super.write(path, path.endsWith(".tar.gz") ? TestStreams.failingAfter(in, 100_000) : in);
            }
        });

        assertThatThrownBy(() -> committer.commit(faulty, HOST, set.manifest(), set.files()))
                .isInstanceOf(TargetException.class).hasMessageContaining("application.tar.gz")
                .hasMessageContaining("planted read failure");

        assertNothingLeft(set);
    }

    @Test
    void commit_connectionResetOnceMidUpload_commitsOnlyWhereRunsRetry() throws Exception {
        // given a reset of the connection below the decorators, the first time the archive is written
        SpooledSet set = set();
        AtomicInteger resets = new AtomicInteger();
        Target flaky = stack(new ForwardingTarget(bare) {
            @Override
            public long write(String path, InputStream in) throws IOException {
                if (path.endsWith(".tar.gz") && resets.getAndIncrement() == 0) {
                    in.readNBytes(50_000);
                    throw new TransientIOException("connection reset by peer (planted)", null);
                }
                return super.write(path, in);
            }
        });

        if (target == bare) {
            // then a bare target reports the reset and leaves nothing
            assertThatThrownBy(() -> committer.commit(flaky, HOST, set.manifest(), set.files()))
                    .isInstanceOf(TargetException.class).hasMessageContaining("connection reset by peer (planted)");
            assertNothingLeft(set);
        } else {
            // then the production stack retries it and the set commits, verified
            CommitReport report = committer.commit(flaky, HOST, set.manifest(), set.files());
            assertThat(resets).hasValueGreaterThan(1);
            assertThat(BackupSets.list(target, HOST)).singleElement()
                    .satisfies(s -> assertThat(s.path()).isEqualTo(report.finalPath()));
        }
    }

    @Test
    void commit_byteFlippedOnTheWayToStorage_failsWithHashMismatch() throws Exception {
        SpooledSet set = set();
        String expected = set.manifest().components().get(1).sha256();
        Target faulty = stack(new ForwardingTarget(bare) {
            @Override
            public long write(String path, InputStream in) throws IOException {
                return super.write(path, path.endsWith(".tar.gz") ? TestStreams.flippingByteAt(in, 1000) : in);
            }
        });

        assertThatThrownBy(() -> committer.commit(faulty, HOST, set.manifest(), set.files()))
                .isInstanceOf(TargetException.class).hasMessageContaining("application.tar.gz")
                .hasMessageContaining("SHA-256").hasMessageContaining(expected);

        assertNothingLeft(set);
    }

    @Test
    void commit_storageReportsAnEmptyHash_failsNeverSucceeds() throws Exception {
        assertStorageHashAnswerFails("");
    }

    @Test
    void commit_storageReportsAMalformedHash_failsNeverSucceeds() throws Exception {
        assertStorageHashAnswerFails("sha256sum: No such file or directory");
    }

    private void assertStorageHashAnswerFails(String answer) throws Exception {
        SpooledSet set = set();
        Target faulty = stack(new ForwardingTarget(bare) {
            @Override
            public Optional<String> storageSha256(String path) {
                return Optional.of(answer);
            }
        });

        assertThatThrownBy(() -> committer.commit(faulty, HOST, set.manifest(), set.files()))
                .isInstanceOf(TargetException.class).hasMessageContaining("appdb.sql.gz")
                .hasMessageContaining("the target reports SHA-256");

        assertNothingLeft(set);
    }

    @Test
    void commit_fileRemovedByTheServerBeforeVerification_fails() throws Exception {
        // 2025-11-04: the server dropped the temporary file before the hash was taken, and the
        // empty hash answer was taken for success
        SpooledSet set = set();
        for (boolean emptyHashAnswer : new boolean[] {false, true}) {
            Target faulty = stack(new ForwardingTarget(bare) {
                @Override
                public long write(String path, InputStream in) throws IOException {
                    long n = super.write(path, in);
                    if (path.endsWith(".tar.gz")) {
                        delegate.delete(path);
                    }
                    return n;
                }

                @Override
                public Optional<String> storageSha256(String path) throws IOException {
                    return emptyHashAnswer && path.endsWith(".tar.gz") ? Optional.of("") : super.storageSha256(path);
                }
            });

            assertThatThrownBy(() -> committer.commit(faulty, HOST, set.manifest(), set.files()))
                    .isInstanceOf(TargetException.class).hasMessageContaining("application.tar.gz")
                    .hasMessageContaining("missing");

            assertNothingLeft(set);
        }
    }

    @Test
    void commit_renameRefused_failsClean() throws Exception {
        SpooledSet set = set();
        Target faulty = stack(new ForwardingTarget(bare) {
            @Override
            public void rename(String from, String to) throws IOException {
                throw new IOException("Permission denied (planted)");
            }
        });

        assertThatThrownBy(() -> committer.commit(faulty, HOST, set.manifest(), set.files()))
                .isInstanceOf(TargetException.class).hasMessageContaining("renaming")
                .hasMessageContaining("Permission denied (planted)");

        assertNothingLeft(set);
    }

    @Test
    void commit_finalPlaceWrongAfterTheRename_removesTheFinalDirectory() throws Exception {
        SpooledSet set = set();
        Target faulty = stack(new ForwardingTarget(bare) {
            @Override
            public void rename(String from, String to) throws IOException {
                super.rename(from, to);
                delegate.delete(to + "/appdb.sql.gz");
            }
        });

        assertThatThrownBy(() -> committer.commit(faulty, HOST, set.manifest(), set.files()))
                .isInstanceOf(TargetException.class).hasMessageContaining("after the rename")
                .hasMessageContaining("appdb.sql.gz");

        assertNothingLeft(set);
    }

    @Test
    void commit_interruptedMidUpload_throwsInterruptedAndLeavesNothing() throws Exception {
        SpooledSet set = set();
        Target faulty = stack(new ForwardingTarget(bare) {
            @Override
            public long write(String path, InputStream in) throws IOException {
                return super.write(path, path.endsWith(".tar.gz") ? TestStreams.interruptingAfter(in, 64 * 1024) : in);
            }
        });
        try {
            assertThatThrownBy(() -> committer.commit(faulty, HOST, set.manifest(), set.files()))
                    .isInstanceOf(InterruptedException.class).hasMessageContaining("removed");
        } finally {
            // never let a stray interrupt reach the next test
            assertThat(Thread.interrupted()).as("interrupt flag after InterruptedException").isFalse();
        }

        assertNothingLeft(set);
    }

    @Test
    void commit_spoolFileVanishedSinceTheManifest_failsAndLeavesNothing() throws Exception {
        // a local target cannot link it (and falls back to copying); every target cannot read it
        SpooledSet set = set();
        Files.delete(set.files().get("appdb.sql.gz"));

        assertThatThrownBy(() -> committer.commit(target, HOST, set.manifest(), set.files()))
                .isInstanceOf(TargetException.class).hasMessageContaining("appdb.sql.gz");

        assertNothingLeft(set);
    }

    @Test
    void commit_spoolFileChangedSinceTheManifest_fails() throws Exception {
        SpooledSet set = set();
        Files.write(set.files().get("appdb.sql.gz"), "-- truncated\n".getBytes(UTF_8));

        assertThatThrownBy(() -> committer.commit(target, HOST, set.manifest(), set.files()))
                .isInstanceOf(TargetException.class).hasMessageContaining("spool file")
                .hasMessageContaining("appdb.sql.gz");

        assertNothingLeft(set);
    }

    /** Two components of 2 MiB: long enough that a write and a read-back are on their way at once. */
    private SpooledSet twoLargeComponents() throws IOException {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        contents.put("appdb.sql.gz", TestStreams.randomBytes(2 << 20, 1));
        contents.put("application.tar.gz", TestStreams.randomBytes(2 << 20, 2));
        return TestSets.spooled(spool, TestSets.ID, contents);
    }

    /** Stores each component on this thread while a second thread verifies the one before, as a run's lane does. */
    private CommitReport commitStoringWhileVerifying(Target t, SpooledSet set) throws Exception {
        ExecutorService verifier = Executors.newSingleThreadExecutor();
        try {
            SetUpload upload = committer.begin(t, HOST, set.id());
            Future<StoredFile> previous = null;
            for (ComponentEntry c : set.manifest().components()) {
                PendingVerification stored = upload.store(ComponentFile.complete(c, set.files().get(c.file())));
                if (previous != null) {
                    previous.get(60, TimeUnit.SECONDS);
                }
                previous = verifier.submit(stored::verify);
            }
            previous.get(60, TimeUnit.SECONDS);
            return upload.finish(set.manifest());
        } finally {
            verifier.shutdownNow();
        }
    }

    @Test
    void store_whileAnotherThreadReadsThePreviousComponentBack_bothTransfersAtOnceAndTheSetCommits() throws Exception {
        // given the read-back of the first component and the write of the second wait for each other after
        // their first bytes, so that both are under way at once on the same target
        SpooledSet set = twoLargeComponents();
        CountDownLatch readingFirst = new CountDownLatch(1);
        CountDownLatch writingSecond = new CountDownLatch(1);
        Target meeting = stack(new ForwardingTarget(bare) {
            @Override
            public long write(String path, InputStream in) throws IOException {
                return super.write(path, path.endsWith("/application.tar.gz") ? TestStreams.meeting(in, writingSecond, readingFirst) : in);
            }

            @Override
            public InputStream read(String path) throws IOException {
                InputStream in = super.read(path);
                return path.endsWith("/appdb.sql.gz") ? TestStreams.meeting(in, readingFirst, writingSecond) : in;
            }

            @Override
            public Optional<String> storageSha256(String path) {
                return Optional.empty(); // a read-back: the same kind of transfer as the write
            }
        });

        // when
        CommitReport report = commitStoringWhileVerifying(meeting, set);

        // then
        assertThat(readingFirst.getCount() + writingSecond.getCount()).as("both transfers began").isZero();
        assertThat(report.files()).extracting(StoredFile::verification)
                .startsWith(StoredFile.Verification.READ_BACK, StoredFile.Verification.READ_BACK);
        assertThat(readAll(report.finalPath() + "/appdb.sql.gz")).isEqualTo(Files.readAllBytes(set.files().get("appdb.sql.gz")));
        assertThat(readAll(report.finalPath() + "/application.tar.gz"))
                .isEqualTo(Files.readAllBytes(set.files().get("application.tar.gz")));
    }

    @Test
    void store_whileTheStorageHashesThePreviousComponent_bothAtOnceAndTheSetCommits() throws Exception {
        Assumptions.assumeTrue(offersStorageHash(), "this fixture verifies by reading back");
        // given the storage hash of the first component starts only once the write of the second is under
        // way, which goes on only once that hash has started
        SpooledSet set = twoLargeComponents();
        CountDownLatch hashingFirst = new CountDownLatch(1);
        CountDownLatch writingSecond = new CountDownLatch(1);
        Target meeting = stack(new ForwardingTarget(bare) {
            @Override
            public long write(String path, InputStream in) throws IOException {
                return super.write(path, path.endsWith("/application.tar.gz") ? TestStreams.meeting(in, writingSecond, hashingFirst) : in);
            }

            @Override
            public Optional<String> storageSha256(String path) throws IOException {
                if (path.endsWith("/appdb.sql.gz")) {
                    TestStreams.await(writingSecond, "the second component was not written");
                    hashingFirst.countDown();
                }
                return super.storageSha256(path);
            }
        });

        // when
        CommitReport report = commitStoringWhileVerifying(meeting, set);

        // then
        assertThat(report.files()).extracting(StoredFile::file).startsWith("appdb.sql.gz", "application.tar.gz");
        assertThat(readAll(report.finalPath() + "/application.tar.gz"))
                .isEqualTo(Files.readAllBytes(set.files().get("application.tar.gz")));
    }

    @Test
    void sweepPartials_leftoverPartialSet_removesIt() throws Exception {
        SpooledSet set = set();
        String leftover = BackupSetLayout.partialDir(HOST, BackupId.parse("20251103T190001Z"));
        target.makeDirectories(leftover);
        target.write(leftover + "/appdb.sql.gz", bytes("half a dump".getBytes(UTF_8)));
        committer.commit(target, HOST, set.manifest(), set.files());

        List<String> removed = committer.sweepPartials(target, HOST);

        assertThat(removed).containsExactly(leftover);
        assertThat(target.stat(leftover)).isEmpty();
        assertThat(BackupSets.list(target, HOST)).singleElement().satisfies(s -> assertThat(s.complete()).isTrue());
        assertThat(committer.sweepPartials(target, HOST)).as("second sweep").isEmpty();
    }

    @Test
    void list_setsWithoutValidManifest_areReportedWithTheirProblemSortedById() throws Exception {
        SpooledSet good = set();
        committer.commit(target, HOST, good.manifest(), good.files());
        String noManifest = BackupSetLayout.finalDir(HOST, BackupId.parse("20251105T020001Z"));
        target.makeDirectories(noManifest);
        target.write(noManifest + "/appdb.sql.gz", bytes("x".getBytes(UTF_8)));
        String badManifest = BackupSetLayout.finalDir(HOST, BackupId.parse("20251001T020001Z"));
        target.makeDirectories(badManifest);
        target.write(badManifest + "/" + Manifest.FILE_NAME, bytes("{ not json".getBytes(UTF_8)));
        target.makeDirectories(HOST + "/notes");

        List<BackupSet> sets = BackupSets.list(target, HOST);

        assertThat(sets).extracting(s -> s.id().toString())
                .containsExactly("20251001T020001Z", "20251104T020001Z", "20251105T020001Z");
        assertThat(sets.get(0).complete()).isFalse();
        assertThat(sets.get(0).problem()).contains("not a valid manifest");
        assertThat(sets.get(1).complete()).isTrue();
        assertThat(sets.get(2).manifest()).isNull();
        assertThat(sets.get(2).problem()).contains(Manifest.FILE_NAME + " is missing");
    }

    @Test
    void list_unknownHost_isEmpty() throws Exception {
        assertThat(BackupSets.list(target, "other-host")).isEmpty();
    }
}
