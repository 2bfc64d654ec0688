package dev.backstop.logarchive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.LogSegmentStore;
import dev.backstop.core.ArchiverProcess;
import dev.backstop.core.EventLog;
import dev.backstop.core.FileTrees;
import dev.backstop.core.LogSegment;
import dev.backstop.core.Sha256;
import dev.backstop.encryption.AgeIdentity;
import dev.backstop.encryption.AgeRecipients;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.RunningProcess;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.source.mysql.BinlogServer;
import dev.backstop.source.mysql.BinlogStreamer;
import dev.backstop.target.local.LocalConfig;
import dev.backstop.target.local.LocalTarget;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RequiresService(BinlogServer.Binaries.class)
class LogArchiverTest {

    private static BinlogServer server;
    private static int table;

    @TempDir
    Path work;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final EventLog log = new EventLog(new PrintStream(logged, true, StandardCharsets.UTF_8), Clock.systemUTC());

    @BeforeAll
    static void startServer() throws Exception {
        server = BinlogServer.startInTempDir();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void archiveOnce_writesAndRotations_closedFilesByteExactWithoutGapOrRepeat() throws Exception {
        // given writes and a storm of rotations
        writeRows(20);
        for (int i = 0; i < 5; i++) {
            server.sql("FLUSH BINARY LOGS");
            writeRows(3);
        }
        LogSegmentStore store = store("nas");
        java.time.Instant started = java.time.Instant.now();
        // when
        archiver(store, Duration.ofMinutes(1)).archiveOnce();
        // then
        assertArchiveMatchesServer(store);
        assertTrue(!LogArchiver.caughtUp(work).orElseThrow().isBefore(started), "caught up as of the start");
    }

    @Test
    void archiveOnce_twice_resumesAfterTheNewestSegment() throws Exception {
        LogSegmentStore store = store("nas");
        writeRows(5);
        archiver(store, Duration.ofMinutes(1)).archiveOnce();
        int before = store.committed().size();
        writeRows(5);
        archiver(store, Duration.ofMinutes(1)).archiveOnce();
        assertTrue(store.committed().size() > before, "a second pass adds segments: " + store.committed());
        server.sql("FLUSH BINARY LOGS");
        archiver(store, Duration.ofMinutes(1)).archiveOnce();
        assertArchiveMatchesServer(store);
    }

    @Test
    void archiveForever_serverRestartAndCutStream_resumeWithoutGapOrRepeat() throws Exception {
        LogSegmentStore store = store("nas");
        LogArchiver archiver = archiver(store, Duration.ofMillis(200));
        Thread service = new Thread(() -> {
            try {
                archiver.archiveForever();
            } catch (InterruptedException e) {
                // stopped by the test
            }
        });
        service.start();
        try {
            writeRows(10);
            Thread.sleep(500);
            server.restart(); // the stream ends; the archiver reconnects
            writeRows(10);
            Thread.sleep(1500);
            killStreamer(); // a cut connection: the streamer dies under the archiver
            writeRows(10);
            server.sql("FLUSH BINARY LOGS");
            writeRows(2);
            // the last reconnect may wait out a backoff of 4 s when the cut came before a catch-up
            java.time.Instant written = java.time.Instant.now();
            for (int i = 0; i < 150 && !LogArchiver.caughtUp(work).orElse(java.time.Instant.EPOCH).isAfter(written); i++) {
                Thread.sleep(100);
            }
            java.time.Instant idleSince = java.time.Instant.now();
            Thread.sleep(1500); // idle: the archiver, caught up, keeps saying so
            assertTrue(LogArchiver.caughtUp(work).orElseThrow().isAfter(idleSince), () -> "an idle server does not lag: "
                    + logged.toString(StandardCharsets.UTF_8));
        } finally {
            service.interrupt();
            service.join(10_000);
        }
        assertFalse(service.isAlive());
        archiver(store, Duration.ofMinutes(1)).archiveOnce();
        assertArchiveMatchesServer(store);
        assertTrue(logged.toString(StandardCharsets.UTF_8).contains("retried in"), logged.toString(StandardCharsets.UTF_8));
    }

    @Test
    void archiveOnce_afterAKilledArchiver_stopsItsStreamerAndLeavesNoGap() throws Exception {
        // given what a SIGKILLed archiver leaves: its streamer still running, a half-cut segment
        LogSegmentStore store = store("nas");
        writeRows(5);
        archiver(store, Duration.ofMinutes(1)).archiveOnce();
        writeRows(5);
        Files.createDirectories(work.resolve("stream"));
        RunningProcess orphan = new BinlogStreamer("appdb", server.replicationCnf(), new ProcessRunner())
                .start(server.sql("SHOW BINARY LOGS").lines().findFirst().orElseThrow().split("\t")[0], 0, work.resolve("stream"));
        String program = ProcessHandle.of(orphan.pid()).flatMap(h -> h.info().command()).orElseThrow();
        Files.writeString(work.resolve("streamer.pid"), orphan.pid() + "\n" + program + "\n");
        Path half = Files.createDirectories(work.resolve("pending").resolve("bin.000001"));
        Files.write(half.resolve("000000000004-000000000100.gz.tmp"), new byte[] {1, 2, 3});
        // when
        archiver(store, Duration.ofMinutes(1)).archiveOnce();
        // then
        orphan.waitFor();
        assertFalse(orphan.alive(), "the orphaned streamer is stopped");
        orphan.close();
        server.sql("FLUSH BINARY LOGS");
        archiver(store, Duration.ofMinutes(1)).archiveOnce();
        assertArchiveMatchesServer(store);
    }

    @Test
    @RequiresService(Services.Age.class)
    void archiveOnce_anEncryptedAndAClearTarget_eachGetsItsKindAndBothReplayToTheServersFiles() throws Exception {
        // given an identity, a target that encrypts and one with encrypt: false, and a canary row
        AgeIdentity.Generated generated = AgeIdentity.generate();
        Path key = work.resolve("key.txt");
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, generated.fileContent());
        AgeIdentity identity = AgeIdentity.load(key);
        LogSegmentStore nas = store("nas", true);
        LogSegmentStore disk = store("disk", false);
        server.sql("CREATE TABLE t.canary (s TEXT); INSERT INTO t.canary VALUES ('canary-binlog-7c1e');");
        writeRows(5);
        server.sql("FLUSH BINARY LOGS");

        // when
        new LogArchiver("appdb", new BinlogStreamer("appdb", server.replicationCnf(), new ProcessRunner()),
                List.of(nas, disk), AgeRecipients.of(List.of(generated.recipient())), work, Duration.ofMinutes(1),
                64L << 20, Clock.systemUTC(), log).archiveOnce();

        // then the encrypted target holds only sealed segments, without the canary, hashed as stored
        assertFalse(nas.committed().isEmpty());
        assertTrue(nas.committed().stream().allMatch(LogSegment::sealed), nas.committed().toString());
        assertTrue(disk.committed().stream().noneMatch(LogSegment::sealed), disk.committed().toString());
        assertEquals(disk.committed().stream().map(s -> s.sealed(true)).toList(), nas.committed(), "the same ranges");
        try (var files = Files.walk(work.resolve("targets/nas"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f, StandardCharsets.ISO_8859_1).contains("canary-binlog"), f.toString());
            }
        }
        // and age alone opens a sealed segment into the very bytes of the clear one
        LogSegment first = nas.committed().get(0);
        Path sealedFile = work.resolve("targets/nas/web1/logs/appdb/" + first.logFile() + "/" + first.fileName());
        Process age = new ProcessBuilder("age", "-d", "-i", key.toString(), sealedFile.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] opened = age.getInputStream().readAllBytes();
        assertEquals(0, age.waitFor());
        try (InputStream clear = disk.open(first.sealed(false))) {
            assertArrayEquals(clear.readAllBytes(), opened);
        }
        // and both replay to the server's files (a replay without the identity: LogChainTest)
        assertArchiveMatchesServer(nas, identity);
        assertArchiveMatchesServer(disk, null);
    }

    @Test
    void archiveOnce_aFileGoneFromTheTarget_recordsAndTellsTheGapOnceAndSweepsHalfCutSegments() throws Exception {
        // given three closed files archived, then the middle one lost on the target
        LogSegmentStore store = store("nas");
        List<String> told = new java.util.ArrayList<>();
        LogArchiveWatcher watcher = (source, problem, active, message) -> told.add(problem + " " + active + " " + message);
        for (int i = 0; i < 3; i++) {
            writeRows(3);
            server.sql("FLUSH BINARY LOGS");
        }
        watched(store, watcher).archiveOnce();
        List<String> files = store.logFiles();
        String middle = files.get(files.size() - 3);
        FileTrees.delete(work.resolve("targets/nas/web1/logs/appdb").resolve(middle));
        Path halfCut = Files.createDirectories(work.resolve("pending/" + files.get(files.size() - 1)))
                .resolve("000000000004-000000000090.gz.tmp");
        Files.write(halfCut, new byte[] {1, 2});

        // when it archives again, twice
        writeRows(3);
        watched(store, watcher).archiveOnce();
        watched(store, watcher).archiveOnce();

        // then the gap is recorded and told once, naming the target and the file
        LogSegment newest = store.committed().get(store.committed().size() - 1);
        var state = ArchiveStateFile.read(work, "appdb", Duration.ofMinutes(10));
        assertThat(state.gaps()).containsExactly("target nas: " + middle + ": the whole file is missing");
        assertThat(state.newest()).isEqualTo(newest.logFile() + ":" + newest.end());
        assertThat(state.checkedAt()).isNotNull();
        assertThat(told).singleElement().asString().startsWith("GAP true source appdb: the archived binary logs have 1 gap(s)")
                .contains("target nas: " + middle);
        assertThat(halfCut).doesNotExist();
    }

    @Test
    void archiveOnce_whileTheServiceIsStopped_archivesAndLeavesTheServiceStoppedForStatusToTell() throws Exception {
        // given the record of a service that ended without a word (kill -9), whose stop a run told
        ArchiverRecord.start(work, true, java.time.Instant.parse("2026-12-04T18:34:51Z"));
        Files.writeString(work.resolve(ArchiverStops.TOLD), "told\n");
        LogSegmentStore store = store("nas");
        writeRows(5);
        server.sql("FLUSH BINARY LOGS");
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();

        // when archive-logs --once runs, by hand or from a timer
        watched(store, (source, problem, active, message) -> told.add(problem + " " + active + " " + message)).archiveOnce();

        // then it archived what the server had written
        assertArchiveMatchesServer(store);
        // and status still finds the service stopped, not an --once that is done; no recovery was told
        ArchiverProcess record = ArchiverRecord.read(work);
        assertThat(record.service()).isTrue();
        assertThat(record.condition(java.time.Instant.now())).isEqualTo(ArchiverProcess.Condition.STOPPED);
        assertThat(ArchiverStops.told(work)).isEqualTo("told");
        assertThat(told).noneMatch(t -> t.startsWith("STOPPED false"));
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("the binary-log archiver stopped")
                .contains("leaves the service's record as it is");
    }

    private LogArchiver watched(LogSegmentStore store, LogArchiveWatcher watcher) {
        return new LogArchiver("appdb", new BinlogStreamer("appdb", server.replicationCnf(), new ProcessRunner()),
                List.of(store), work, Duration.ofMinutes(1), 64L << 20, Duration.ofMinutes(10), watcher, Clock.systemUTC(), log);
    }

    private void assertArchiveMatchesServer(LogSegmentStore store) throws Exception {
        assertArchiveMatchesServer(store, null);
    }

    /** {@code identity}: opens the sealed segments; null for a store in the clear. */
    private void assertArchiveMatchesServer(LogSegmentStore store, AgeIdentity identity) throws Exception {
        List<String> closed = server.sql("SHOW BINARY LOGS").lines().map(l -> l.split("\t")[0]).toList();
        closed = closed.subList(0, closed.size() - 1);
        assertFalse(closed.isEmpty());
        for (String logFile : store.logFiles()) {
            List<LogSegment> segments = store.committed(logFile);
            long expectedStart = 0;
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (LogSegment s : segments) {
                assertEquals(expectedStart, s.start(), "contiguous from 0 in " + logFile + ": " + segments);
                expectedStart = s.end();
                try (InputStream stored = store.open(s);
                     InputStream in = s.sealed() ? identity.decrypt(store.open(s)) : store.open(s)) {
                    assertEquals(store.recordedSha256(s), Sha256.of(stored.readAllBytes()), "the .sha256 of " + s);
                    byte[] gz = in.readAllBytes();
                    byte[] raw = new GZIPInputStream(new java.io.ByteArrayInputStream(gz)).readAllBytes();
                    assertEquals(s.length(), raw.length, s.toString());
                    joined.write(raw);
                }
            }
            if (closed.contains(logFile)) {
                assertArrayEquals(Files.readAllBytes(server.binlogDir().resolve(logFile)), joined.toByteArray(),
                        logFile + ": the segments, decompressed and concatenated, are the server's file");
            }
        }
        assertTrue(store.logFiles().containsAll(closed), "every closed file archived: " + store.logFiles());
    }

    private LogArchiver archiver(LogSegmentStore store, Duration maxAge) {
        return new LogArchiver("appdb", new BinlogStreamer("appdb", server.replicationCnf(), new ProcessRunner()),
                List.of(store), work, maxAge, 64L << 20, Clock.systemUTC(), log);
    }

    private LogSegmentStore store(String name) throws Exception {
        return store(name, false);
    }

    private LogSegmentStore store(String name, boolean sealed) throws Exception {
        Path root = Files.createDirectories(work.resolve("targets").resolve(name));
        return new LogSegmentStore(new LocalTarget(new LocalConfig(name, root, RetentionPolicy.keepEverything())), "web1",
                "appdb", sealed);
    }

    private static void writeRows(int rows) throws Exception {
        String name = "t.w" + (++table);
        StringBuilder sql = new StringBuilder("CREATE TABLE " + name + " (i INT PRIMARY KEY, s TEXT);");
        for (int i = 0; i < rows; i++) {
            sql.append("INSERT INTO ").append(name).append(" VALUES (").append(i).append(", REPEAT('x', 300));");
        }
        server.sql(sql.toString());
    }

    private void killStreamer() throws Exception {
        Path pid = work.resolve("streamer.pid");
        for (int i = 0; i < 50 && (!Files.exists(pid) || Files.readString(pid).isBlank()); i++) {
            Thread.sleep(100); // written by the archiver meanwhile: there, but maybe empty for a moment
        }
        long streamer = Long.parseLong(Files.readString(pid).split("\n")[0].trim());
        ProcessHandle.of(streamer).orElseThrow().destroyForcibly();
    }
}
