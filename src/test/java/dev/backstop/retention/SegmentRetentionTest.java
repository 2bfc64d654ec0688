package dev.backstop.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.BackupSetCommitter;
import dev.backstop.commit.BackupSetLayout;
import dev.backstop.commit.LogSegmentStore;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.BackupId;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.EventLog;
import dev.backstop.core.LogSegment;
import dev.backstop.core.Manifest;
import dev.backstop.core.Sha256;
import dev.backstop.core.SourceFacts;
import dev.backstop.history.HistoryStore;
import dev.backstop.logarchive.SegmentGaps;
import dev.backstop.target.ForwardingTarget;
import dev.backstop.target.NewerFormatSets;
import dev.backstop.target.Target;
import dev.backstop.target.TestSets;
import dev.backstop.target.local.LocalConfig;
import dev.backstop.target.local.LocalTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention of archived log segments on a real local target, beside real committed sets. */
class SegmentRetentionTest {

    /** Three dumps of appdb and where each starts in the binary log. */
    private static final Map<String, SourceFacts.BinlogPosition> DUMPS = Map.of(
            "20251101T030000Z", new SourceFacts.BinlogPosition("bin.000002", 400, "0-1-10"),
            "20251102T030000Z", new SourceFacts.BinlogPosition("bin.000003", 100, "0-1-20"),
            "20251103T030000Z", new SourceFacts.BinlogPosition("bin.000004", 50, "0-1-30"));
    private static final List<LogSegment> SEGMENTS = List.of(new LogSegment("bin.000001", 0, 100),
            new LogSegment("bin.000001", 100, 300), new LogSegment("bin.000002", 0, 250),
            new LogSegment("bin.000002", 250, 500), new LogSegment("bin.000003", 0, 200),
            new LogSegment("bin.000004", 0, 80));

    @TempDir
    Path dir;

    private LocalTarget target;
    private LogSegmentStore store;
    private HistoryStore history;
    private final Clock clock = Clock.fixed(Instant.parse("2025-11-10T12:00:00Z"), ZoneOffset.UTC);
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final EventLog log = new EventLog(new PrintStream(logged, true), clock);

    @BeforeEach
    void threeDumpsAndTheirSegments() throws Exception {
        target = new LocalTarget(new LocalConfig("local", dir.resolve("backups"), RetentionPolicy.keepEverything()));
        target.preflight(0);
        history = HistoryStore.open(dir.resolve("history.db"));
        for (Map.Entry<String, SourceFacts.BinlogPosition> dump : new java.util.TreeMap<>(DUMPS).entrySet()) {
            BackupId id = BackupId.parse(dump.getKey());
            TestSets.SpooledSet set = TestSets.twoComponents(dir.resolve("spool"), id);
            List<ComponentEntry> anchored = set.manifest().components().stream()
                    .map(c -> !c.name().equals("appdb") ? c : new ComponentEntry(c.name(), "mysql", c.file(), c.compression(),
                            c.bytes(), c.rawBytes(), c.sha256(), c.durationMs(), SourceFacts.none().withBinlog(dump.getValue())))
                    .toList();
            Manifest m = set.manifest();
            new BackupSetCommitter().commit(target, TestSets.HOST, new Manifest(m.formatVersion(), m.id(), m.host(),
                    m.backstopVersion(), m.started(), m.finished(), anchored, m.anomalies()), set.files());
        }
        store = new LogSegmentStore(target, TestSets.HOST, "appdb");
        for (LogSegment s : SEGMENTS) {
            Path gz = dir.resolve("segment.gz");
            Files.write(gz, s.toString().getBytes());
            store.commit(s, gz, Sha256.of(Files.readAllBytes(gz)));
        }
    }

    @AfterEach
    void closeHistory() throws Exception {
        history.close();
    }

    private static RetentionPolicy keepLast(int n) {
        return new RetentionPolicy(n, null, null, null, null, null, null, ZoneOffset.UTC);
    }

    @Test
    void apply_keepLastTwo_removesTheLogFilesBeforeTheOldestKeptDumpOnly() throws Exception {
        // when the oldest dump goes, the oldest kept one starting in bin.000003
        RetentionExecutor.Result r = new RetentionExecutor(history, clock, log).apply(target, TestSets.HOST, keepLast(2), false);

        // then the files before bin.000003 go, bin.000003 stays whole and what stays joins
        assertThat(r.failures()).isEmpty();
        assertThat(r.logs()).extracting(d -> d.logFile() + " " + d.describe()).containsExactly(
                "bin.000001 remove (before bin.000003:100, where the oldest kept dump 20251102T030000Z starts)",
                "bin.000002 remove (before bin.000003:100, where the oldest kept dump 20251102T030000Z starts)",
                "bin.000003 keep (the oldest kept dump 20251102T030000Z starts at bin.000003:100)",
                "bin.000004 keep (after bin.000003:100, needed by the oldest kept dump 20251102T030000Z)");
        assertThat(r.logFilesRemoved()).isEqualTo(2);
        assertThat(store.logFiles()).containsExactly("bin.000003", "bin.000004");
        assertThat(store.committed()).containsExactly(SEGMENTS.get(4), SEGMENTS.get(5));
        assertThat(SegmentGaps.find(store.committed())).isEmpty();
        assertThat(logDir().resolve("bin.000001")).doesNotExist();
    }

    @Test
    void apply_everyDumpKept_removesNoSegmentAndTheOldestDumpStillHasItsChain() throws Exception {
        RetentionExecutor.Result r = new RetentionExecutor(history, clock, log).apply(target, TestSets.HOST, keepLast(3), false);

        // the oldest dump starts in bin.000002: only bin.000001 is before it
        assertThat(r.logs()).filteredOn(d -> !d.keep()).extracting(SegmentPlanner.LogFileDecision::logFile)
                .containsExactly("bin.000001");
        assertThat(store.committed()).containsExactlyElementsOf(SEGMENTS.subList(2, SEGMENTS.size()));
    }

    @Test
    void apply_dryRun_reportsAndRemovesNothing() throws Exception {
        RetentionExecutor.Result r = new RetentionExecutor(history, clock, log).apply(target, TestSets.HOST, keepLast(1), true);

        assertThat(r.logFilesRemoved()).isEqualTo(3);
        assertThat(store.committed()).containsExactlyElementsOf(SEGMENTS);
    }

    @Test
    void apply_aSetOfANewerFormatStays_removesNoSegment() throws Exception {
        // given a set whose dumps this version cannot read the positions of
        NewerFormatSets.plant(target, TestSets.HOST, BackupId.parse("20251102T120000Z"));

        RetentionExecutor.Result r = new RetentionExecutor(history, clock, log).apply(target, TestSets.HOST, keepLast(1), false);

        assertThat(r.removed()).isEqualTo(2); // the sets still go by their rules
        assertThat(r.logs()).allSatisfy(d -> {
            assertThat(d.keep()).isTrue();
            assertThat(d.reason()).contains("set 20251102T120000Z was written by a newer backstop").contains("nothing is removed");
        });
        assertThat(store.committed()).containsExactlyElementsOf(SEGMENTS);
    }

    @Test
    void apply_aKeptManifestUnreadable_removesNoSegment() throws Exception {
        // given a set retention cannot judge: its manifest is not valid
        Path broken = dir.resolve("backups").resolve(BackupSetLayout.finalDir(TestSets.HOST, BackupId.parse("20251104T030000Z")));
        Files.createDirectories(broken);
        Files.writeString(broken.resolve(Manifest.FILE_NAME), "{ not json");

        RetentionExecutor.Result r = new RetentionExecutor(history, clock, log).apply(target, TestSets.HOST, keepLast(1), false);

        assertThat(r.logFilesRemoved()).isZero();
        assertThat(r.logs()).first().satisfies(d -> assertThat(d.reason()).contains("20251104T030000Z")
                .contains("not a valid manifest"));
        assertThat(store.committed()).containsExactlyElementsOf(SEGMENTS);
    }

    @Test
    void apply_removalFailsMidway_reportedAndWhatStaysStillJoins() throws Exception {
        // given a target that refuses to delete one segment's .sha256 in bin.000002
        Target refusing = new ForwardingTarget(target) {
            @Override
            public void delete(String path) throws IOException {
                if (path.endsWith("bin.000002/000000000000-000000000250.gz.sha256")) {
                    throw new IOException("permission denied");
                }
                super.delete(path);
            }
        };

        RetentionExecutor.Result r = new RetentionExecutor(history, clock, log).apply(refusing, TestSets.HOST, keepLast(1), false);

        // then the failure is named, bin.000003 (before the oldest kept dump too) is left, and the rest joins
        assertThat(r.failures()).singleElement().asString().contains("appdb bin.000002").contains("permission denied");
        assertThat(store.logFiles()).containsExactly("bin.000002", "bin.000003", "bin.000004");
        assertThat(store.committed("bin.000002")).containsExactly(SEGMENTS.get(2));
        assertThat(SegmentGaps.find(store.committed())).isEmpty();
        assertThat(SegmentGaps.missingFiles(store.logFiles())).isEmpty();
    }

    @Test
    void apply_aSetRemovalFails_itsDumpKeepsItsSegments() throws Exception {
        // given a target that refuses to remove the oldest set, which starts in bin.000002
        Target refusing = new ForwardingTarget(target) {
            @Override
            public void delete(String path) throws IOException {
                if (path.contains("20251101T030000Z")) {
                    throw new IOException("permission denied");
                }
                super.delete(path);
            }
        };

        RetentionExecutor.Result r = new RetentionExecutor(history, clock, log).apply(refusing, TestSets.HOST, keepLast(1), false);

        // then only the file before that set's dump goes
        assertThat(r.failures()).singleElement().asString().contains("20251101T030000Z");
        assertThat(store.logFiles()).containsExactly("bin.000002", "bin.000003", "bin.000004");
    }

    private Path logDir() {
        return dir.resolve("backups").resolve(TestSets.HOST).resolve("logs/appdb");
    }
}
