package dev.backstop.target.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.commit.BackupSetCommitter;
import dev.backstop.commit.CommitReport;
import dev.backstop.commit.ComponentFile;
import dev.backstop.commit.PendingVerification;
import dev.backstop.commit.SetUpload;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.TargetException;
import dev.backstop.target.Backoff;
import dev.backstop.target.ForwardingTarget;
import dev.backstop.target.RetryingTarget;
import dev.backstop.target.StoredFile;
import dev.backstop.target.Target;
import dev.backstop.target.TestSets;
import dev.backstop.target.TestStreams;
import dev.backstop.target.sftp.FaultyServer.Fault;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SFTP target, wrapped in its retry decorator as a run composes it, against an in-process
 * server that misbehaves: a commit either lands verified or fails leaving nothing, and transient
 * failures are retried while permanent ones are not.
 */
class SftpFaultsTest {

    static final int BIG = 4 << 20;

    @TempDir
    Path dir;

    @TempDir
    Path stateDir;

    @TempDir
    Path spool;

    FaultyServer server;
    Path knownHosts;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final BackupSetCommitter committer = new BackupSetCommitter();
    Target target;

    @BeforeEach
    void start() throws Exception {
        server = new FaultyServer(dir);
        knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");
        server.faultyFileSize = BIG;
    }

    @AfterEach
    void stop() throws Exception {
        if (target != null) {
            target.close();
        }
        server.close();
    }

    Target target(Duration ioTimeout, int retries) {
        target = new RetryingTarget(new SftpTarget(server.config(knownHosts, ioTimeout, retries), stateDir),
                new Backoff(retries, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(30)), log::add);
        return target;
    }

    TestSets.SpooledSet bigSet() throws Exception {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        contents.put("appdb.sql.gz", "-- dump\n".getBytes());
        contents.put("application.tar.gz", TestStreams.randomBytes(BIG, 7));
        return TestSets.spooled(spool, TestSets.ID, contents);
    }

    Path hostDir() {
        return server.root.resolve("Backup/Server AskProAI").resolve(TestSets.HOST);
    }

    void assertNothingLeftOnTheServer(TestSets.SpooledSet set) throws Exception {
        assertThat(hostDir().resolve(set.partialDir().substring(TestSets.HOST.length() + 1))).doesNotExist();
        assertThat(hostDir().resolve(set.finalDir().substring(TestSets.HOST.length() + 1))).doesNotExist();
        if (Files.exists(hostDir())) {
            try (Stream<Path> files = Files.walk(hostDir())) {
                assertThat(files.filter(Files::isRegularFile)).isEmpty();
            }
        }
    }

    @Test
    void commit_connectionCutAtHalfOfAnUpload_resumesAndCommits() throws Exception {
        Target t = target(Duration.ofSeconds(10), 3);
        t.preflight(1);
        TestSets.SpooledSet set = bigSet();
        server.fault = Fault.CUT_AT_HALF;
        server.faultsLeft.set(1);

        CommitReport report = committer.commit(t, TestSets.HOST, set.manifest(), set.files());

        assertThat(server.cuts).hasValue(1);
        assertThat(log).anySatisfy(line -> assertThat(line).contains("resuming the upload")
                .containsPattern("at byte [1-9]\\d*"));
        assertThat(hostDir().resolve(report.finalPath().substring(TestSets.HOST.length() + 1)).resolve("application.tar.gz"))
                .hasBinaryContent(Files.readAllBytes(set.files().get("application.tar.gz")));
    }

    @Test
    void commit_connectionCutOnEveryAttempt_failsAfterTheRetriesAndLeavesNothing() throws Exception {
        Target t = target(Duration.ofSeconds(10), 2);
        t.preflight(1);
        TestSets.SpooledSet set = bigSet();
        server.fault = Fault.CUT_AT_HALF;
        server.faultyFileSize = 2;  // every write past byte 1 is cut

        assertThatThrownBy(() -> committer.commit(t, TestSets.HOST, set.manifest(), set.files()))
                .isInstanceOf(TargetException.class).hasMessageContaining("application.tar.gz")
                .hasMessageContaining("gave up");

        assertThat(server.cuts.get()).isEqualTo(3);
        assertNothingLeftOnTheServer(set);
    }

    @Test
    void upload_connectionCutWhileAnotherThreadReadsBack_bothGoOnAndTheSetCommits() throws Exception {
        // given the server cuts the connection at the read-back of the first component, while the write of the
        // second is under way on the same connection and goes on only after that cut
        Map<String, byte[]> contents = new LinkedHashMap<>();
        contents.put("first.tar.gz", TestStreams.randomBytes(BIG, 1));
        contents.put("second.bin.gz", TestStreams.randomBytes(BIG, 2));
        TestSets.SpooledSet set = TestSets.spooled(spool, TestSets.ID, contents);
        CountDownLatch writingSecond = new CountDownLatch(1);
        CountDownLatch readBackCut = new CountDownLatch(1);
        Target sftp = new SftpTarget(server.config(knownHosts, Duration.ofSeconds(10), 3), stateDir);
        target = new RetryingTarget(new ForwardingTarget(sftp) {
            @Override
            public long write(String path, InputStream in) throws IOException {
                return super.write(path, path.endsWith("/second.bin.gz") ? TestStreams.meeting(in, writingSecond, readBackCut) : in);
            }

            @Override
            public long writeFrom(String path, InputStream in, long offset) throws IOException {
                return delegate.writeFrom(path, in, offset);
            }

            @Override
            public InputStream read(String path) throws IOException {
                if (!path.endsWith("/first.tar.gz") || readBackCut.getCount() == 0) {
                    return super.read(path);
                }
                TestStreams.await(writingSecond, "the second component was not written");
                InputStream in;
                try {
                    in = super.read(path);
                } catch (IOException e) {
                    readBackCut.countDown();
                    throw e;
                }
                return new FilterInputStream(in) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        try {
                            return super.read(b, off, len);
                        } catch (IOException e) {
                            readBackCut.countDown();
                            throw e;
                        }
                    }
                };
            }
        }, new Backoff(3, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(30)), log::add);
        target.preflight(1);
        server.fault = Fault.CUT_ON_READ;
        server.faultySuffix = "first.tar.gz";
        server.faultsLeft.set(1);
        SetUpload upload = committer.begin(target, TestSets.HOST, TestSets.ID);
        ExecutorService verifier = Executors.newSingleThreadExecutor();

        // when the first is verified on the second thread while this one stores the second
        try {
            PendingVerification first = upload.store(component(set, 0));
            Future<StoredFile> verified = verifier.submit(first::verify);
            upload.store(component(set, 1)).verify();
            verified.get(60, TimeUnit.SECONDS);
        } finally {
            verifier.shutdownNow();
        }
        CommitReport report = upload.finish(set.manifest());

        // then both threads got over the one cut: the read-back reopened the file, the upload was retried
        assertThat(server.cuts).hasValue(1);
        assertThat(readBackCut.getCount()).as("the read-back was cut").isZero();
        assertThat(log).anySatisfy(line -> assertThat(line).contains("uploading").contains("second.bin.gz")
                .contains("retry 1 of 3"));
        Path stored = hostDir().resolve(report.finalPath().substring(TestSets.HOST.length() + 1));
        assertThat(stored.resolve("first.tar.gz")).hasBinaryContent(Files.readAllBytes(set.files().get("first.tar.gz")));
        assertThat(stored.resolve("second.bin.gz")).hasBinaryContent(Files.readAllBytes(set.files().get("second.bin.gz")));
    }

    @Test
    void acquire_serverTakesOneChannelOnly_theSecondCallerWaitsForTheFirst() throws Exception {
        // given a server that refuses a second channel on a connection, like sshd_config's MaxSessions 1
        server.maxChannels = 1;
        SftpConnection connection = new SftpConnection(server.config(knownHosts, Duration.ofSeconds(10), 3), System::getenv);
        try {
            SftpClient first = connection.acquire();

            // when another caller wants a channel meanwhile
            FutureTask<SftpClient> second = new FutureTask<>(connection::acquire);
            Thread waiter = new Thread(second, "second caller");
            waiter.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (waiter.getState() != Thread.State.WAITING && !second.isDone()) {
                assertThat(System.nanoTime()).as("the second caller neither waits nor ends").isLessThan(deadline);
                Thread.onSpinWait();
            }
            assertThat(second.isDone()).as("the second caller waits").isFalse();
            connection.release(first);

            // then it gets the channel once the first is done with it, on the same connection
            SftpClient got = second.get(20, TimeUnit.SECONDS);
            assertThat(got.getClientSession()).isSameAs(first.getClientSession());
            assertThat(got.stat(".").isDirectory()).isTrue();
        } finally {
            connection.close();
        }
    }

    private static ComponentFile component(TestSets.SpooledSet set, int i) {
        ComponentEntry c = set.manifest().components().get(i);
        return ComponentFile.complete(c, set.files().get(c.file()));
    }

    @Test
    void commit_serverDeletesTheFileBeforeTheHash_fails() throws Exception {
        Target t = target(Duration.ofSeconds(10), 3);
        TestSets.SpooledSet set = bigSet();
        server.fault = Fault.DELETE_AFTER_CLOSE;

        assertThatThrownBy(() -> committer.commit(t, TestSets.HOST, set.manifest(), set.files()))
                .isInstanceOf(TargetException.class).hasMessageContaining("application.tar.gz")
                .hasMessageContaining("missing");

        assertNothingLeftOnTheServer(set);
    }

    @Test
    void commit_bytesCorruptedOnTheServer_failsWithBothHashes() throws Exception {
        Target t = target(Duration.ofSeconds(10), 3);
        TestSets.SpooledSet set = bigSet();
        server.fault = Fault.CORRUPT_AFTER_CLOSE;

        assertThatThrownBy(() -> committer.commit(t, TestSets.HOST, set.manifest(), set.files()))
                .isInstanceOf(TargetException.class).hasMessageContaining("application.tar.gz")
                .hasMessageContaining("read back").hasMessageContaining(set.manifest().components().get(1).sha256());

        assertNothingLeftOnTheServer(set);
    }

    @Test
    void commit_renameRefused_failsCleanWithoutRetry() throws Exception {
        Target t = target(Duration.ofSeconds(10), 3);
        TestSets.SpooledSet set = bigSet();
        server.fault = Fault.REFUSE_RENAME;

        assertThatThrownBy(() -> committer.commit(t, TestSets.HOST, set.manifest(), set.files()))
                .isInstanceOf(TargetException.class).hasMessageContaining("renaming");

        assertThat(log).noneSatisfy(line -> assertThat(line).contains("retry"));
        assertNothingLeftOnTheServer(set);
    }

    @Test
    void commit_diskFullOnTheServer_failsWithoutRetry() throws Exception {
        Target t = target(Duration.ofSeconds(10), 3);
        TestSets.SpooledSet set = bigSet();
        server.fault = Fault.DISK_FULL;

        assertThatThrownBy(() -> committer.commit(t, TestSets.HOST, set.manifest(), set.files()))
                .isInstanceOf(TargetException.class).hasMessageContaining("application.tar.gz")
                .hasMessageContaining("SSH_FX_FAILURE").hasMessageContaining("disk or quota is full");

        assertThat(log).noneSatisfy(line -> assertThat(line).contains("retry"));
        assertNothingLeftOnTheServer(set);
    }

    @Test
    void commit_serverStallsMidUpload_timeoutFiresAndTheCommitFailsWithoutHanging() throws Exception {
        Target t = target(Duration.ofSeconds(1), 1);
        t.preflight(1);
        TestSets.SpooledSet set = bigSet();
        server.fault = Fault.STALL;
        long started = System.nanoTime();

        assertThatThrownBy(() -> committer.commit(t, TestSets.HOST, set.manifest(), set.files()))
                .isInstanceOf(TargetException.class).hasMessageContaining("application.tar.gz");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(log).anySatisfy(line -> assertThat(line).contains("retry 1 of 1"));
        server.release.countDown();
    }

    @Test
    void commit_everyFile_isFsyncedByTheClient() throws Exception {
        // the server does not sync on close: only fsync@openssh.com from the client does
        Target t = target(Duration.ofSeconds(10), 3);
        TestSets.SpooledSet set = bigSet();

        committer.commit(t, TestSets.HOST, set.manifest(), set.files());

        assertThat(server.fsyncs.get()).as("two components, SHA256SUMS, MANIFEST.json").isGreaterThanOrEqualTo(4);
    }
}
