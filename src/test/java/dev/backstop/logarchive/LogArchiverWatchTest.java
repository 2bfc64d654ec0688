package dev.backstop.logarchive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.RetentionPolicy;
import dev.backstop.commit.LogSegmentStore;
import dev.backstop.core.ArchiverProcess;
import dev.backstop.core.EventLog;
import dev.backstop.exec.RunningProcess;
import dev.backstop.source.LogStreamer;
import dev.backstop.target.local.LocalConfig;
import dev.backstop.target.local.LocalTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archiver that cannot reach its server tells of the lag once, records why it cannot, and a
 * watcher that throws stops nothing.
 */
class LogArchiverWatchTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    /** A server that is down: it cannot even list its logs. */
    private static final LogStreamer DOWN = new LogStreamer() {
        @Override
        public List<LogFile> logFiles() throws IOException {
            throw new IOException("Can't connect to server on '127.0.0.1' (111)");
        }

        @Override
        public RunningProcess start(String logFile, long offset, Path into) {
            throw new AssertionError("nothing to stream");
        }

        @Override
        public long resumePrefix(Path firstFile, long offset) {
            return 0;
        }

        @Override
        public long completeUpTo(Path file, long from) {
            return from;
        }
    };

    @Test
    void archiveForever_serverDownLongerThanMaxLag_toldOnceWithTheReasonAndArchivingGoesOn() throws Exception {
        // given a watcher that records, then throws, as a broken notifier might
        List<String> told = new CopyOnWriteArrayList<>();
        LogArchiveWatcher watcher = (source, problem, active, message) -> {
            told.add(problem + " " + active + " " + message);
            throw new IllegalStateException("notifier broken");
        };
        // when it tries for a while (retries after 1 s, then 2 s)
        ArchiverProcess running = runFor(archiver(watcher), 3_500);

        // then the lag was told once, with why the stream stopped, and the archiver kept retrying
        assertThat(told).singleElement().asString().startsWith("LAG true source appdb: the binary-log archive is")
                .contains("more than max_lag 0 s").contains("Can't connect to server");
        assertThat(logged.toString()).contains("telling about the log archive failed (archiving goes on)")
                .containsPattern("(?s)retried in 1 s.*retried in 2 s");
        // and it recorded itself reconnecting with the reason while it ran, then its stop, for status to say
        Instant now = Instant.now();
        assertThat(running.condition(now)).isEqualTo(ArchiverProcess.Condition.RECONNECTING);
        assertThat(running.lastError()).isEqualTo("Can't connect to server on '127.0.0.1' (111)");
        ArchiverProcess stopped = ArchiverRecord.read(dir.resolve("work"));
        assertThat(stopped.condition(now)).isEqualTo(ArchiverProcess.Condition.STOPPED);
        assertThat(stopped.stopReason(now)).startsWith("stopped by a signal (systemctl stop, a shutdown); its stream was"
                + " failing since ").endsWith(": Can't connect to server on '127.0.0.1' (111)");

        // and an archiver started again (a restart, a crash loop) while the server is still down tells nothing new
        runFor(archiver(watcher), 1_600);
        assertThat(told).hasSize(1);
    }

    @Test
    void archiveForever_afterAKilledArchiver_logsItsLastHeartbeatInWholeSeconds() throws Exception {
        // given the record of a service archiver that never wrote its exit (kill -9)
        ArchiverRecord.start(dir.resolve("work"), true, Instant.parse("2026-12-04T18:34:51.136383089Z"));

        runFor(archiver((source, problem, active, message) -> { }), 200);

        assertThat(logged.toString()).contains("ended without a word after 2026-12-04T18:34:51Z: killed or crashed");
    }

    private LogArchiver archiver(LogArchiveWatcher watcher) {
        LogSegmentStore store = new LogSegmentStore(new LocalTarget(new LocalConfig("nas", dir.resolve("nas"),
                RetentionPolicy.keepEverything())), "web1", "appdb");
        return new LogArchiver("appdb", DOWN, List.of(store), dir.resolve("work"), Duration.ofSeconds(1),
                1 << 20, Duration.ofMillis(500), watcher, Clock.systemUTC(),
                new EventLog(new PrintStream(logged, true), Clock.systemUTC()));
    }

    /** Runs {@code archiver} as the service for {@code millis}, then stops it; what it recorded of itself meanwhile. */
    private ArchiverProcess runFor(LogArchiver archiver, long millis) throws Exception {
        Thread service = new Thread(() -> {
            try {
                archiver.archiveForever();
            } catch (InterruptedException e) {
                // stopped by the test
            }
        });
        service.start();
        Thread.sleep(millis);
        ArchiverProcess running = ArchiverRecord.read(dir.resolve("work"));
        service.interrupt();
        service.join(10_000);
        assertThat(service.isAlive()).isFalse();
        return running;
    }
}
