package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.BackupSetLayout;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.BackupId;
import dev.backstop.core.FileTrees;
import dev.backstop.source.files.IncrementalSets;
import dev.backstop.source.files.RawTree;
import dev.backstop.source.files.TreeChanges;
import dev.backstop.target.local.LocalConfig;
import dev.backstop.target.local.LocalTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backstop restore} and {@code restore-test} of a chain of incremental file archives, end to end. */
class ChainRestoreIT {

    private static final String HOST = "it-host";

    @TempDir
    Path dir;

    private Path config;
    private Path data;
    private IncrementalSets sets;

    @BeforeEach
    void aChainOfThreeSets() throws Exception {
        data = dir.resolve("www");
        RawTree.create(Files.createDirectories(data.resolve("odd")), RawTree.trickyEntries());
        config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: %s
                state_dir: %s
                sources:
                  - {name: application, type: files, paths: [www]}
                targets:
                  - {name: local, type: local, path: %s}
                """.formatted(HOST, dir.resolve("state"), dir.resolve("backups")));
        LocalTarget target = new LocalTarget(new LocalConfig("local", dir.resolve("backups"),
                RetentionPolicy.keepEverything()));
        target.preflight(0);
        sets = new IncrementalSets(HOST, "application", List.of(data), List.of(), null,
                Files.createDirectories(dir.resolve("spool")));
        sets.commit(false, target);
        for (int n = 1; n <= 2; n++) {
            TreeChanges.apply(data, n, 20);
            sets.commit(false, target);
        }
    }

    @Test
    void restoreAndRestoreTest_wholeChain_namesTheSetsUsedAndGivesBackTheTree() throws Exception {
        // when
        BackstopProcess.Result restored = BackstopProcess.run("restore", "--config", config.toString(),
                "--backup", sets.ids().get(2), "--to", dir.resolve("restored").toString());
        BackstopProcess.Result tested = BackstopProcess.run("restore-test", "--config", config.toString());

        // then
        String chain = sets.ids().get(0) + " full, " + sets.ids().get(1) + ", " + sets.ids().get(2);
        assertThat(restored.exitCode()).as(restored.all()).isZero();
        assertThat(restored.out()).contains("from the chain of 3 archives, oldest first (" + chain + ")")
                .contains("restore OK: backup " + sets.ids().get(2));
        assertThat(RawTree.of(Path.of(dir.resolve("restored/application").toString(), data.toString())))
                .isEqualTo(RawTree.of(data));
        assertThat(tested.exitCode()).as(tested.all()).isZero();
        assertThat(tested.out()).contains("application (files): extracted the chain of 3 archives (" + chain + ")")
                .contains("restore-test OK: backup " + sets.ids().get(2));
    }

    @Test
    void restoreAndRestoreTest_middleSetMissing_exit6NamingItAndNothingRestored() throws Exception {
        // given
        String missing = sets.ids().get(1);
        FileTrees.delete(dir.resolve("backups").resolve(BackupSetLayout.finalDir(HOST, BackupId.parse(missing))));

        // when
        BackstopProcess.Result restored = BackstopProcess.run("restore", "--config", config.toString(),
                "--backup", sets.ids().get(2), "--to", dir.resolve("restored").toString());
        BackstopProcess.Result tested = BackstopProcess.run("restore-test", "--config", config.toString());

        // then
        assertThat(restored.exitCode()).as(restored.all()).isEqualTo(6);
        assertThat(restored.out()).contains("ERROR local " + sets.ids().get(2) + " application.tar.gz: cannot be"
                + " restored: its chain of incremental archives is broken on target local: backup " + missing)
                .contains("restore FAILED, nothing restored");
        assertThat(dir.resolve("restored")).doesNotExist();
        assertThat(tested.exitCode()).as(tested.all()).isEqualTo(6);
        assertThat(tested.out()).contains("backup " + missing).contains("restore-test FAILED");
    }
}
