package dev.backstop.target.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.TargetException;
import dev.backstop.target.Backoff;
import dev.backstop.target.BackupSetCommitter;
import dev.backstop.target.CommitReport;
import dev.backstop.target.RetryingTarget;
import dev.backstop.target.Target;
import dev.backstop.target.TestSets;
import dev.backstop.target.TestStreams;
import dev.backstop.target.sftp.FaultyServer.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
