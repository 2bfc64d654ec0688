package dev.backstop.commit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.BackupSets.BackupSet;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.BackupId;
import dev.backstop.core.Manifest;
import dev.backstop.target.NewerFormatSets;
import dev.backstop.target.TestSets;
import dev.backstop.target.local.LocalConfig;
import dev.backstop.target.local.LocalTarget;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a listing tells a set of a newer manifest format from garbage. */
class BackupSetsTest {

    private static final BackupId ID = BackupId.parse("20251104T020001Z");

    @TempDir
    Path dir;

    private LocalTarget target;

    @BeforeEach
    void localTarget() throws Exception {
        target = new LocalTarget(new LocalConfig("local", dir, RetentionPolicy.keepEverything()));
        target.preflight(0);
    }

    @Test
    void list_setOfANewerFormat_isListedAsNewerNotIncompleteNorGarbage() throws Exception {
        NewerFormatSets.plant(target, TestSets.HOST, ID);

        BackupSet set = BackupSets.list(target, TestSets.HOST).get(0);

        assertThat(set.newerFormat()).isTrue();
        assertThat(set.complete()).as("complete means readable by this version").isFalse();
        assertThat(set.manifest()).isNull();
        assertThat(set.problem()).isNull();
        assertThat(set.newer().formatVersion()).isEqualTo(NewerFormatSets.FORMAT);
        assertThat(set.newer().host()).isEqualTo(TestSets.HOST);
        assertThat(set.newer().bytes()).isEqualTo(5);
    }

    @Test
    void list_setOfANewerFormatNamingAnotherBackup_isNewerWithItsProblem() throws Exception {
        String path = BackupSetLayout.finalDir(TestSets.HOST, ID);
        target.makeDirectories(path);
        target.write(path + "/" + Manifest.FILE_NAME, new ByteArrayInputStream(NewerFormatSets.manifest(
                BackupId.parse("20251105T020001Z"), TestSets.HOST).getBytes(StandardCharsets.UTF_8)));

        List<BackupSet> sets = BackupSets.list(target, TestSets.HOST);

        assertThat(sets).singleElement().satisfies(s -> {
            assertThat(s.newerFormat()).isTrue();
            assertThat(s.problem()).isEqualTo("MANIFEST.json names backup 20251105T020001Z, not " + ID);
        });
    }

    @Test
    void list_manifestOfFormatTwoWithoutAnId_isGarbage() throws Exception {
        String path = BackupSetLayout.finalDir(TestSets.HOST, ID);
        target.makeDirectories(path);
        target.write(path + "/" + Manifest.FILE_NAME, new ByteArrayInputStream(
                "{\"format_version\": 3, \"components\": []}".getBytes(StandardCharsets.UTF_8)));

        BackupSet set = BackupSets.list(target, TestSets.HOST).get(0);

        assertThat(set.newerFormat()).isFalse();
        assertThat(set.manifest()).isNull();
        assertThat(set.problem()).isEqualTo("MANIFEST.json is not a valid manifest: manifest lacks a valid id");
    }
}
