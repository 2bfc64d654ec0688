package dev.backstop.logarchive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.ArchiverProcess;
import dev.backstop.core.EventLog;
import dev.backstop.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stopped archiver is told once per stop, by whoever looks, and its recovery once by the next archiver that catches up. */
class ArchiverStopsTest {

    /** Above the kernel's greatest pid_max: no process has it. */
    private static final long GONE = (1L << 22) + 1;

    @TempDir
    Path work;

    private final Instant now = Instant.now();
    private final List<String> told = new ArrayList<>();
    private final LogArchiveWatcher watcher = (source, problem, active, message) ->
            told.add(problem + " " + active + " " + message);
    private final EventLog log = new EventLog(new PrintStream(new ByteArrayOutputStream(), true), Clock.systemUTC());

    @Test
    void tellIfStopped_killedArchiver_toldOnceWithTheReason_againOnlyAfterARecovery() throws Exception {
        // given the record of a service archiver whose process is gone, as after kill -9
        recordDead(now.minus(Duration.ofHours(1)), now.minusSeconds(30));

        // when two runs look
        ArchiverStops.tellIfStopped(work, "appdb", watcher, now, log);
        ArchiverStops.tellIfStopped(work, "appdb", watcher, now.plusSeconds(60), log);

        // then the stop was told once, with why
        assertThat(told).singleElement().asString().startsWith("STOPPED true source appdb: the binary-log archiver"
                + " stopped 30.0s ago").contains("pid " + GONE + " is gone without a word");

        // and an archiver that died again before it ever caught up is the same stop (a crash loop): not told again
        recordDead(now.plusSeconds(120), now.plusSeconds(150));
        ArchiverStops.tellIfStopped(work, "appdb", watcher, now.plusSeconds(180), log);
        assertThat(told).hasSize(1);

        // but after a recovery, a stop is a new one
        ArchiverStops.clear(work);
        ArchiverStops.tellIfStopped(work, "appdb", watcher, now.plusSeconds(240), log);
        assertThat(told).hasSize(2);
    }

    @Test
    void tellIfStopped_runningArchiverOrNone_toldNothing() throws Exception {
        ArchiverStops.tellIfStopped(work, "appdb", watcher, now, log);
        ArchiverRecord.start(work, true, now);
        ArchiverStops.tellIfStopped(work, "appdb", watcher, now.plusSeconds(10), log);

        assertThat(told).isEmpty();
        assertThat(ArchiverRecord.read(work).condition(now.plusSeconds(10))).isEqualTo(ArchiverProcess.Condition.STREAMING);
    }

    @Test
    void nextArchiver_afterATold_stop_tellsTheRecoveryOnceCaughtUpAndOnlyOnce() throws Exception {
        // given a stop that a run told
        recordDead(now.minus(Duration.ofHours(1)), now.minusSeconds(600));
        ArchiverStops.tellIfStopped(work, "appdb", watcher, now, log);

        // when the next archiver starts, fails once, then catches up twice
        ArchiveWatch watch = new ArchiveWatch("appdb", List.of(), work, null, watcher, Clock.fixed(now, ZoneOffset.UTC), log);
        watch.begin(true);
        watch.stopped("Can't connect to server on '127.0.0.1' (111)");
        assertThat(told).hasSize(1);
        assertThat(ArchiverRecord.read(work).lastError()).isEqualTo("Can't connect to server on '127.0.0.1' (111)");
        watch.streaming();
        watch.streaming();

        // then the recovery was told once, the told stop is forgotten and the record is of a streaming archiver
        assertThat(told).hasSize(2).last().asString().startsWith("STOPPED false source appdb: the binary-log archiver"
                + " runs again (pid " + ProcessHandle.current().pid() + ")");
        assertThat(work.resolve(ArchiverStops.TOLD)).doesNotExist();
        ArchiverProcess p = ArchiverRecord.read(work);
        assertThat(p.condition(now)).isEqualTo(ArchiverProcess.Condition.STREAMING);
        assertThat(p.lastError()).isNull();

        // and its stop by a signal is recorded with the reason, so that status says it
        watch.ended("stopped by a signal (systemctl stop, a shutdown)");
        assertThat(ArchiverRecord.read(work).describeStop("appdb", now)).contains("stopped 0ms ago")
                .contains(": stopped by a signal (systemctl stop, a shutdown); nothing the server writes");
    }

    private void recordDead(Instant started, Instant heartbeat) throws Exception {
        Files.createDirectories(work);
        Json.mapper().writeValue(work.resolve(ArchiverRecord.NAME).toFile(), new ArchiverRecord.Content(GONE,
                "/usr/bin/java", true, started, heartbeat, null, null, null, null));
    }

    @Test
    void streaming_aStopToldOfThisVeryArchiverWhileItHung_isToldOverWhenItCatchesUp() throws Exception {
        // given an archiver that runs, and a stop a run told of it meanwhile (its heartbeat went stale on a slow target)
        ArchiveWatch watch = new ArchiveWatch("appdb", List.of(), work, null, watcher, Clock.fixed(now, ZoneOffset.UTC), log);
        watch.begin(true);
        Files.writeString(work.resolve(ArchiverStops.TOLD), "told by a run");

        // when it catches up
        watch.streaming();

        // then the recovery is told, so that its next real stop is told again
        assertThat(told).hasSize(1).last().asString().contains("runs again");
        assertThat(work.resolve(ArchiverStops.TOLD)).doesNotExist();
    }

    @Test
    void begin_anUnreadableRecordOfThePredecessor_isReplacedByThisArchiversOwn() throws Exception {
        Files.writeString(work.resolve(ArchiverRecord.NAME), "{ not json");
        ArchiveWatch watch = new ArchiveWatch("appdb", List.of(), work, null, watcher, Clock.fixed(now, ZoneOffset.UTC), log);

        watch.begin(true);

        assertThat(ArchiverRecord.read(work).pid()).isEqualTo(ProcessHandle.current().pid());
    }
}
