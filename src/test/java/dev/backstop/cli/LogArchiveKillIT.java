package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.LogSegmentStore;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.LogSegment;
import dev.backstop.history.HistoryStore;
import dev.backstop.logarchive.SegmentGaps;
import dev.backstop.source.mysql.BinlogServer;
import dev.backstop.target.local.LocalConfig;
import dev.backstop.target.local.LocalTarget;
import dev.backstop.testing.RequiresService;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code archive-logs} as the service runs it, a JVM of its own, SIGKILLed again and again in the
 * middle of a stream while transactions and rotations go on: after a restart no byte is missing,
 * none is there twice, and nothing half-written is left behind; while it is dead, status says so.
 */
@RequiresService(BinlogServer.Binaries.class)
class LogArchiveKillIT {

    private static final int KILLS = 6;

    @TempDir
    Path dir;

    private BinlogServer server;
    private final AtomicBoolean writing = new AtomicBoolean(true);
    private final AtomicInteger written = new AtomicInteger();
    private Thread writer;

    @BeforeEach
    void serverUnderWrites() throws Exception {
        server = BinlogServer.startInTempDir();
        server.sql("CREATE TABLE t.orders (i INT AUTO_INCREMENT PRIMARY KEY, s TEXT)");
        writer = new Thread(() -> {
            try {
                while (writing.get()) {
                    StringBuilder tx = new StringBuilder("BEGIN;");
                    for (int i = 0; i < 20; i++) {
                        tx.append("INSERT INTO t.orders (s) VALUES (REPEAT('o', 400));");
                    }
                    server.sql(tx.append("COMMIT;").toString());
                    if (written.incrementAndGet() % 40 == 0) {
                        server.sql("FLUSH BINARY LOGS"); // rotations under the stream too
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "writes");
        writer.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        writing.set(false);
        writer.join(30_000);
        server.close();
    }

    @Test
    @Timeout(300)
    void archiveLogs_sigkilledMidStreamAndRestarted_noGapNoRepeatedByteNothingHalfWritten() throws Exception {
        // given the service's command on a config that cuts every second
        Path config = config();
        LogSegmentStore store = new LogSegmentStore(new LocalTarget(new LocalConfig("local", dir.resolve("backups"),
                RetentionPolicy.keepEverything())), "web1", "appdb");
        Random random = new Random(20);
        List<String> exits = new ArrayList<>();

        // when it is killed with SIGKILL while it streams, cuts and commits, and started again
        for (int i = 0; i < KILLS; i++) {
            int before = segments(store);
            Process archiver = BackstopProcess.start(dir, Map.of(), List.of(), "archive-logs", "--config", config.toString());
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (segments(store) <= before + 1 && System.nanoTime() < until && archiver.isAlive()) {
                Thread.sleep(50);
            }
            assertThat(archiver.isAlive()).as("archive-logs runs: %s", logs()).isTrue();
            assertThat(segments(store)).as("it commits segments before it is killed").isGreaterThan(before + 1);
            Thread.sleep(random.nextInt(1200)); // anywhere in the cycle of cutting, compressing, committing
            archiver.destroyForcibly();
            assertThat(archiver.waitFor(10, TimeUnit.SECONDS)).isTrue();
            exits.add(String.valueOf(archiver.exitValue()));
        }
        assertThat(exits).as("every one was killed").containsOnly("137");
        // and status, with the last archiver killed and none started since, says that it stopped and why
        HistoryStore.open(dir.resolve("state/history.db")).close();
        BackstopProcess.Result status = BackstopProcess.run("status", "--config", config.toString());
        assertThat(status.exitCode()).as(status.all()).isEqualTo(2);
        assertThat(status.out()).containsPattern("CRITICAL: source appdb: the binary-log archiver stopped \\S+ ago \\(at"
                + " [^)]+\\): pid \\d+ is gone without a word: killed");
        // and the next run tells that stop, once (remembered for the archiver that catches up next)
        BackstopProcess.Result run = BackstopProcess.run("run", "--config", config.toString());
        assertThat(run.err()).as(run.all()).contains("source appdb: the binary-log archiver stopped");
        Path work = dir.resolve("state/logs/appdb");
        assertThat(work.resolve("stop-told")).exists();
        writing.set(false);
        writer.join(30_000);
        assertThat(written.get()).as("transactions went on throughout").isGreaterThan(KILLS * 5);
        server.sql("FLUSH BINARY LOGS"); // every file written to is closed now
        BackstopProcess.Result once = BackstopProcess.run("archive-logs", "--once", "--config", config.toString());

        // then every closed binlog file is on the target byte for byte, in segments that join
        assertThat(once.exitCode()).as(once.all()).isZero();
        List<String> serverFiles = server.sql("SHOW BINARY LOGS").lines().map(l -> l.split("\t")[0]).toList();
        List<String> closed = serverFiles.subList(0, serverFiles.size() - 1);
        assertThat(store.logFiles()).containsAll(closed);
        assertThat(SegmentGaps.find(store.committed())).isEmpty();
        assertThat(SegmentGaps.missingFiles(store.logFiles())).isEmpty();
        for (String file : closed) {
            assertThat(joined(store, file)).as("%s: the segments, decompressed and joined, are the server's file", file)
                    .isEqualTo(Files.readAllBytes(server.binlogDir().resolve(file)));
        }
        // and nothing half-written is left: no partial on the target, no half-cut or unsent segment locally
        assertThat(regularFiles(dir.resolve("backups/web1/logs/.partial"))).isEmpty();
        assertThat(regularFiles(work.resolve("pending"))).isEmpty();
        assertThat(work.resolve("streamer.pid")).doesNotExist();
        // and the --once only stood in: the service is still stopped, for status to say, and no recovery was told
        assertThat(work.resolve("stop-told")).exists();
        BackstopProcess.Result still = BackstopProcess.run("status", "--config", config.toString());
        assertThat(still.exitCode()).as(still.all()).isEqualTo(2);
        assertThat(still.out()).contains("CRITICAL: source appdb: the binary-log archiver stopped");

        // when the service runs again, it catches up and tells the recovery, so that the next stop is told again
        Process service = BackstopProcess.start(dir, Map.of(), List.of(), "archive-logs", "--config", config.toString());
        try {
            for (int i = 0; i < 600 && Files.exists(work.resolve("stop-told")); i++) {
                Thread.sleep(100);
            }
            assertThat(work.resolve("stop-told")).as(logs()).doesNotExist();
        } finally {
            service.destroy();
            assertThat(service.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    private Path config() throws Exception {
        return BinlogSourceConfigs.write(dir, server, "t", "", "");
    }

    private static int segments(LogSegmentStore store) throws Exception {
        return store.committed().size();
    }

    private static byte[] joined(LogSegmentStore store, String file) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (LogSegment s : store.committed(file)) {
            try (InputStream in = new GZIPInputStream(store.open(s))) {
                byte[] raw = in.readAllBytes();
                assertThat(raw).as("%s holds as many bytes as its name says", s).hasSize((int) s.length());
                out.write(raw);
            }
        }
        return out.toByteArray();
    }

    private static List<Path> regularFiles(Path root) throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private String logs() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("err-")).sorted().toList()) {
                sb.append(Files.readString(p));
            }
        }
        return sb.toString();
    }
}
