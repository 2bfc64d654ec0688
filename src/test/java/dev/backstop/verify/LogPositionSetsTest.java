package dev.backstop.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.BackupSetCommitter;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.BackupId;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.Manifest;
import dev.backstop.core.EventLog;
import dev.backstop.core.Progress;
import dev.backstop.target.TestSets;
import dev.backstop.target.local.LocalConfig;
import dev.backstop.target.local.LocalTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readers of a set that records a source's log position instead of its dump: verify finds
 * nothing missing, restore brings back the dump the position builds on and says so.
 */
class LogPositionSetsTest {

    private static final BackupId DUMPED = BackupId.parse("20251103T030000Z");
    private static final BackupId POSITION = BackupId.parse("20251104T030000Z");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final EventLog log = new EventLog(new PrintStream(logged, true), Clock.systemUTC());
    private LocalTarget target;

    @BeforeEach
    void aDumpAndASetWithItsLogPositionOnly() throws Exception {
        target = new LocalTarget(new LocalConfig("local", dir.resolve("backups"), RetentionPolicy.keepEverything()));
        target.preflight(0);
        commit(spooled("spool1", DUMPED, "rows of " + DUMPED));
        commit(TestSets.positionOnly(spooled("spool2", POSITION, "rows of " + POSITION), "appdb", DUMPED.toString()));
    }

    // a set whose components restore: gzip, with their sizes before compression
    private TestSets.SpooledSet spooled(String spool, BackupId id, String appdb) throws Exception {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("appdb.sql.gz", appdb);
        texts.put("notes.txt.gz", "notes");
        Map<String, byte[]> contents = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : texts.entrySet()) {
            contents.put(t.getKey(), gzip(t.getValue()));
        }
        TestSets.SpooledSet set = TestSets.spooled(dir.resolve(spool), id, contents);
        Manifest m = set.manifest();
        List<ComponentEntry> entries = m.components().stream().map(c -> new ComponentEntry(c.name(), c.type(), c.file(),
                c.compression(), c.bytes(), texts.get(c.file()).length(), c.sha256(), c.durationMs(), c.facts())).toList();
        return new TestSets.SpooledSet(new Manifest(m.formatVersion(), m.id(), m.host(), m.backstopVersion(), m.started(),
                m.finished(), entries, m.anomalies()), set.files());
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private void commit(TestSets.SpooledSet set) throws Exception {
        new BackupSetCommitter().commit(target, TestSets.HOST, set.manifest(), set.files());
    }

    private Restore restore() {
        return new Restore(TestSets.HOST, dir.resolve("scratch"), name -> Optional.empty(), Clock.systemUTC(), log,
                Progress.NONE, DecryptionKey.NONE);
    }

    @Test
    void verify_aSetWithALogPositionOnly_findsNothingMissing() throws Exception {
        RecordedSets known = new RecordedSets(Set.of(), Set.of(DUMPED.toString(), POSITION.toString()), Set.of());
        VerifyReport report = new Verifier(TestSets.HOST, t -> known, Clock.systemUTC(), log)
                .verify(List.of(target), DataSelection.all());

        assertThat(report.findings()).filteredOn(f -> f.severity().failing()).isEmpty();
    }

    @Test
    void restore_aSetWithALogPositionOnly_restoresTheDumpItBuildsOnAndSaysHowToReachThePosition() throws Exception {
        RestoreReport report = restore().run(target, new RestoreRequest(POSITION.toString(), dir.resolve("to"), Map.of(),
                Set.of(), false));

        assertThat(report.ok()).as(report.findings() + "\n" + logged).isTrue();
        assertThat(Files.readString(dir.resolve("to/appdb.txt"))).isEqualTo("rows of " + DUMPED);
        assertThat(Files.readString(dir.resolve("to/notes.txt"))).isEqualTo("notes");
        assertThat(report.restored()).filteredOn(l -> l.startsWith("appdb")).singleElement().asString()
                .contains("(from the dump of backup " + DUMPED + ", as of that backup: backup " + POSITION
                        + " holds no dump of appdb, only its binary-log position bin.000002:1234; for appdb as of "
                        + POSITION + ": backstop restore --at ").containsPattern("--at [0-9-]+T[0-9:]+Z --database appdb=NEWNAME\\)$");
    }

    private RestoreTestReport restoreTest() throws Exception {
        return new RestoreTest(TestSets.HOST, dir.resolve("restore-test"), name -> Optional.empty(), List.of(),
                Clock.systemUTC(), log, Progress.NONE, DecryptionKey.NONE).run(target, null);
    }

    @Test
    void restoreTest_newestSetWithALogPositionOnly_testsTheDumpItBuildsOnAndSaysSo() throws Exception {
        RestoreTestReport report = restoreTest();

        assertThat(report.ok()).as(report.findings() + "\n" + logged).isTrue();
        assertThat(report.backupId()).isEqualTo(POSITION.toString());
        assertThat(report.components()).hasSize(2).filteredOn(l -> l.startsWith("appdb")).singleElement().asString()
                .contains("matches the manifest").endsWith("(the dump of backup " + DUMPED + ": backup " + POSITION
                        + " records only the log position bin.000002:1234 of appdb)");
    }

    @Test
    void restoreTest_theDumpItBuildsOnIsGone_failsNamingIt() throws Exception {
        dev.backstop.core.FileTrees.delete(dir.resolve("backups").resolve(
                dev.backstop.commit.BackupSetLayout.finalDir(TestSets.HOST, DUMPED)));

        RestoreTestReport report = restoreTest();

        assertThat(report.ok()).isFalse();
        assertThat(report.components()).singleElement().asString().startsWith("notes");
        assertThat(report.findings()).filteredOn(f -> f.severity().failing()).singleElement().asString()
                .contains("holds no dump of appdb, only its binary-log position bin.000002:1234 on the dump of backup "
                        + DUMPED).contains("appdb cannot be restored from this backup");
    }

    @Test
    void restore_theDumpItBuildsOnIsGone_restoresNothingAndSaysWhich() throws Exception {
        dev.backstop.core.FileTrees.delete(dir.resolve("backups").resolve(
                dev.backstop.commit.BackupSetLayout.finalDir(TestSets.HOST, DUMPED)));

        RestoreReport report = restore().run(target, new RestoreRequest(POSITION.toString(), dir.resolve("to"), Map.of(),
                Set.of(), false));

        assertThat(report.exitCode()).isEqualTo(6);
        assertThat(report.findings()).singleElement().asString().contains("holds no dump of appdb, only its binary-log"
                + " position bin.000002:1234 on the dump of backup " + DUMPED);
        assertThat(dir.resolve("to")).doesNotExist();
    }
}
