package dev.backstop.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.BackupSetCommitter;
import dev.backstop.commit.BackupSetLayout;
import dev.backstop.commit.BackupSets;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.BackupId;
import dev.backstop.core.EventLog;
import dev.backstop.core.Manifest;
import dev.backstop.core.RunOutcome;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.TargetCommitRecord;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor on a real local target with real committed sets and a real history. */
class RetentionExecutorTest {

    @TempDir
    Path dir;

    private LocalTarget target;
    private HistoryStore history;
    private final Clock clock = Clock.fixed(Instant.parse("2025-11-10T12:00:00Z"), ZoneOffset.UTC);
    private final EventLog log = new EventLog(new PrintStream(new ByteArrayOutputStream()), clock);
    private static final List<String> IDS = List.of("20251101T030000Z", "20251102T030000Z", "20251103T030000Z",
            "20251104T030000Z");

    @BeforeEach
    void fourCommittedSetsAndAnOrphan() throws Exception {
        target = new LocalTarget(new LocalConfig("local", dir.resolve("backups"), RetentionPolicy.keepEverything()));
        target.preflight(0);
        history = HistoryStore.open(dir.resolve("history.db"));
        for (String id : IDS) {
            BackupId bid = BackupId.parse(id);
            new BackupSetCommitter().commit(target, TestSets.HOST, TestSets.twoComponents(dir.resolve("spool"), bid).manifest(),
                    TestSets.twoComponents(dir.resolve("spool2-" + id), bid).files());
            recordCommitted(bid);
        }
        // a set directory without a manifest, as a hand-copied or half-removed set would be
        Files.createDirectories(dir.resolve("backups").resolve(BackupSetLayout.finalDir(TestSets.HOST,
                BackupId.parse("20251030T030000Z"))));
    }

    private void recordCommitted(BackupId id) {
        history.recordRunStarted(id.toString(), TestSets.HOST, id.time(), 1);
        history.recordTargetCommit(id.toString(), TargetCommitRecord.committed("local", "p", "read-back", 1, id.time()));
        history.recordRunFinished(id.toString(), id.time(), RunOutcome.SUCCESS, 0, null, 1);
    }

    private static RetentionPolicy keepLast(int n) {
        return new RetentionPolicy(n, null, null, null, null, null, null, ZoneOffset.UTC);
    }

    @Test
    void apply_keepLastTwo_removesOlderSetsTheOrphanAndEmptyDaysAndRecordsIt() throws Exception {
        // when
        RetentionExecutor.Result r = new RetentionExecutor(history, clock, log).apply(target, TestSets.HOST, keepLast(2), false);

        // then
        assertThat(r.removed()).isEqualTo(2);
        assertThat(r.failures()).isEmpty();
        assertThat(r.orphans()).singleElement().asString().contains("20251030T030000Z").contains("MANIFEST.json is missing");
        Path month = dir.resolve("backups").resolve(TestSets.HOST).resolve("2025/11");
        try (var days = Files.list(month)) {
            assertThat(days.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("03", "04");
        }
        assertThat(Files.exists(dir.resolve("backups").resolve(TestSets.HOST).resolve("2025/10"))).isFalse();
        assertThat(history.committedIds("local")).containsExactly("20251103T030000Z", "20251104T030000Z");
    }

    @Test
    void apply_setsOfANewerFormat_areKeptWithTheReasonAndNeverCountedAsGarbage() throws Exception {
        // given sets written by a newer backstop: older than every set, between two sets, and one
        // whose manifest names another backup (wrong, but not garbage)
        NewerFormatSets.plant(target, TestSets.HOST, BackupId.parse("20251029T030000Z"));
        NewerFormatSets.plant(target, TestSets.HOST, BackupId.parse("20251103T120000Z"));
        Path misnamed = dir.resolve("backups").resolve(BackupSetLayout.finalDir(TestSets.HOST,
                BackupId.parse("20251102T120000Z")));
        Files.createDirectories(misnamed);
        Files.writeString(misnamed.resolve("MANIFEST.json"), NewerFormatSets.manifest(BackupId.parse("20251102T120001Z"),
                TestSets.HOST));

        // when retention keeps one backup only
        RetentionExecutor.Result r = new RetentionExecutor(history, clock, log).apply(target, TestSets.HOST, keepLast(1), false);

        // then both stay, kept for that reason, and only the orphan without a manifest is garbage
        assertThat(r.removed()).isEqualTo(3);
        assertThat(r.decisions()).extracting(d -> d.backup().id() + " " + d.describe()).containsExactly(
                "20251104T030000Z keep (last 1/1)",
                "20251103T120000Z keep (written by a newer backstop (manifest format 4))",
                "20251103T030000Z remove (no rule keeps it)",
                "20251102T120000Z keep (written by a newer backstop (manifest format 4))",
                "20251102T030000Z remove (no rule keeps it)",
                "20251101T030000Z remove (no rule keeps it)",
                "20251029T030000Z keep (written by a newer backstop (manifest format 4))");
        assertThat(r.orphans()).singleElement().asString().contains("20251030T030000Z");
        assertThat(Files.exists(dir.resolve("backups").resolve(BackupSetLayout.finalDir(TestSets.HOST,
                BackupId.parse("20251029T030000Z"))).resolve("MANIFEST.json"))).isTrue();
        assertThat(BackupSets.list(target, TestSets.HOST)).extracting(s -> s.id().toString()).containsExactly(
                "20251029T030000Z", "20251102T120000Z", "20251103T120000Z", "20251104T030000Z");
    }

    @Test
    void apply_dryRun_removesNothing() throws Exception {
        // when
        RetentionExecutor.Result r = new RetentionExecutor(history, clock, log).apply(target, TestSets.HOST, keepLast(1), true);

        // then
        assertThat(r.decisions()).extracting(Decision::keep).containsExactly(true, false, false, false);
        assertThat(r.orphans()).hasSize(1);
        assertThat(history.committedIds("local")).hasSize(4);
        try (var s = Files.walk(dir.resolve("backups"))) {
            assertThat(s.filter(p -> p.getFileName().toString().equals("MANIFEST.json")).count()).isEqualTo(4);
        }
    }

    @Test
    void apply_noRule_removesNothingNotEvenOrphans() throws Exception {
        // when
        RetentionExecutor.Result r = new RetentionExecutor(history, clock, log)
                .apply(target, TestSets.HOST, RetentionPolicy.keepEverything(), false);

        // then
        assertThat(r.removed()).isZero();
        assertThat(r.orphans()).isEmpty();
        assertThat(Files.exists(dir.resolve("backups").resolve(TestSets.HOST).resolve("2025/10/30"))).isTrue();
    }

    @Test
    void apply_removal_isRecordedInHistoryBeforeTheSetIsDeleted() throws Exception {
        // given a target that notes, at each manifest deletion, whether history still expects the set
        List<String> expectedWhileDeleting = new ArrayList<>();
        Target watched = new ForwardingTarget(target) {
            @Override
            public void delete(String path) throws IOException {
                if (path.endsWith("/" + Manifest.FILE_NAME) && !path.contains("20251030T030000Z")) {
                    String id = path.split("/")[4];
                    if (history.committedIds("local").contains(id)) {
                        expectedWhileDeleting.add(id);
                    }
                }
                super.delete(path);
            }
        };

        // when
        RetentionExecutor.Result r = new RetentionExecutor(history, clock, log).apply(watched, TestSets.HOST, keepLast(2), false);

        // then a verify at any moment finds history expecting only sets that are there
        assertThat(r.removed()).isEqualTo(2);
        assertThat(expectedWhileDeleting).isEmpty();
        assertThat(history.removedIds("local")).containsExactly("20251101T030000Z", "20251102T030000Z");
    }

    @Test
    void apply_failedRemoval_isNotRecorded() throws Exception {
        // given a target that refuses to delete one set's manifest
        Target refusing = new ForwardingTarget(target) {
            @Override
            public void delete(String path) throws IOException {
                if (path.contains("20251101T030000Z")) {
                    throw new IOException("permission denied");
                }
                super.delete(path);
            }
        };

        // when
        RetentionExecutor.Result r = new RetentionExecutor(history, clock, log).apply(refusing, TestSets.HOST, keepLast(2), false);

        // then history still expects the set that is still there, and only that one
        assertThat(r.failures()).singleElement().asString().contains("20251101T030000Z").contains("permission denied");
        assertThat(history.committedIds("local")).containsExactly("20251101T030000Z", "20251103T030000Z",
                "20251104T030000Z");
        assertThat(history.removedIds("local")).containsExactly("20251102T030000Z");
    }

    @Test
    void apply_keepLastOneOnAnIncrement_keepsItsWholeChainAndSaysWhy() throws Exception {
        // given a chain newer than the four full sets: a full and three increments
        TestSets.commitChain(target, dir.resolve("chain"), List.of("20251105T030000Z", "20251106T030000Z",
                "20251107T030000Z", "20251108T030000Z")).forEach(this::recordCommitted);

        // when
        RetentionExecutor.Result r = new RetentionExecutor(history, clock, log).apply(target, TestSets.HOST, keepLast(1), false);

        // then the chain stays whole, the fulls before it go
        assertThat(r.decisions()).extracting(d -> d.backup().id() + " " + d.describe()).containsExactly(
                "20251108T030000Z keep (last 1/1)",
                "20251107T030000Z keep (needed by 20251108T030000Z)",
                "20251106T030000Z keep (needed by 20251107T030000Z)",
                "20251105T030000Z keep (base of 20251108T030000Z)",
                "20251104T030000Z remove (no rule keeps it)",
                "20251103T030000Z remove (no rule keeps it)",
                "20251102T030000Z remove (no rule keeps it)",
                "20251101T030000Z remove (no rule keeps it)");
        assertThat(BackupSets.list(target, TestSets.HOST)).extracting(s -> s.id().toString()).containsExactly(
                "20251105T030000Z", "20251106T030000Z", "20251107T030000Z", "20251108T030000Z");
    }

    @Test
    void apply_keepLastOneOnALogPosition_keepsTheDumpItBuildsOnAndSaysWhy() throws Exception {
        // given a newest set that records appdb's log position on the dump of the second newest set
        TestSets.SpooledSet position = TestSets.positionOnly(TestSets.twoComponents(dir.resolve("position"),
                BackupId.parse("20251105T030000Z")), "appdb", "20251103T030000Z");
        new BackupSetCommitter().commit(target, TestSets.HOST, position.manifest(), position.files());
        recordCommitted(position.id());

        // when
        RetentionExecutor.Result r = new RetentionExecutor(history, clock, log).apply(target, TestSets.HOST, keepLast(1), true);

        // then the dump stays beside it, the sets in between and before go
        assertThat(r.decisions()).extracting(d -> d.backup().id() + " " + d.describe()).containsExactly(
                "20251105T030000Z keep (last 1/1)",
                "20251104T030000Z remove (no rule keeps it)",
                "20251103T030000Z keep (dump under the log position of 20251105T030000Z)",
                "20251102T030000Z remove (no rule keeps it)",
                "20251101T030000Z remove (no rule keeps it)");
    }

    @Test
    void apply_chainNoSetNeeds_isRemovedNewestFirstSoACutLeavesNoIncrementWithoutItsChain() throws Exception {
        // given an old chain that a newer full replaces, on a target that notes the order of removals
        TestSets.commitChain(target, dir.resolve("chain"), List.of("20251020T030000Z", "20251021T030000Z",
                "20251022T030000Z")).forEach(this::recordCommitted);
        List<String> removedInOrder = new ArrayList<>();
        Target watched = new ForwardingTarget(target) {
            @Override
            public void delete(String path) throws IOException {
                if (path.endsWith("/" + Manifest.FILE_NAME) && !path.contains("20251030T030000Z")) {
                    removedInOrder.add(path.split("/")[4]);
                }
                super.delete(path);
            }
        };

        // when
        RetentionExecutor.Result r = new RetentionExecutor(history, clock, log).apply(watched, TestSets.HOST, keepLast(1), false);

        // then
        assertThat(r.failures()).isEmpty();
        assertThat(removedInOrder).containsExactly("20251103T030000Z", "20251102T030000Z", "20251101T030000Z",
                "20251022T030000Z", "20251021T030000Z", "20251020T030000Z");
    }

    @Test
    void apply_setWhoseManifestCannotBeReadNow_keepsEverySetOlderThanItUntilItReads() throws Exception {
        // given a chain whose middle set's manifest cannot be read for now
        TestSets.commitChain(target, dir.resolve("chain"), List.of("20251105T030000Z", "20251106T030000Z",
                "20251107T030000Z")).forEach(this::recordCommitted);
        Target flaky = new ForwardingTarget(target) {
            @Override
            public java.io.InputStream read(String path) throws IOException {
                if (path.contains("20251106T030000Z/" + Manifest.FILE_NAME)) {
                    throw new IOException("input/output error");
                }
                return super.read(path);
            }
        };

        // when
        RetentionExecutor.Result r = new RetentionExecutor(history, clock, log).apply(flaky, TestSets.HOST, keepLast(1), false);
        RetentionExecutor.Result later = new RetentionExecutor(history, clock, log).apply(target, TestSets.HOST, keepLast(1), false);

        // then nothing older than it goes while it cannot be read, and the next prune decides as usual
        assertThat(r.removed()).isZero();
        assertThat(r.decisions()).extracting(d -> d.backup().id() + " " + d.describe()).contains(
                "20251107T030000Z keep (last 1/1)",
                "20251105T030000Z keep (base of 20251107T030000Z)",
                "20251104T030000Z keep (older than 20251106T030000Z, whose manifest cannot be read now: its chain may need it)");
        assertThat(later.removed()).isEqualTo(4);
        assertThat(BackupSets.list(target, TestSets.HOST)).extracting(s -> s.id().toString()).containsExactly(
                "20251105T030000Z", "20251106T030000Z", "20251107T030000Z");
    }
}
