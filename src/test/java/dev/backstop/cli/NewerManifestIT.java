package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.BackupSetLayout;
import dev.backstop.core.BackupId;
import dev.backstop.core.Manifest;
import dev.backstop.target.NewerFormatSets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A set that a newer backstop wrote (after a rollback, say) survives runs, their retention and
 * sweep, and prune; list and verify report it, restore and restore-test refuse it. Through the
 * packaged jar on a local target.
 */
class NewerManifestIT {

    private static final BackupId NEWER = BackupId.parse("20251013T030000Z");
    private static final BackupId GARBAGE = BackupId.parse("20251014T030000Z");

    @TempDir
    Path dir;

    private Path config() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/a.txt"), "a\n");
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: it-host
                state_dir: state
                sources:
                  - name: data
                    type: files
                    paths: [data]
                targets:
                  - name: local
                    type: local
                    path: backups
                    retention: {keep_last: 1}
                """);
        return config;
    }

    private Path setDir(BackupId id) {
        return dir.resolve("backups").resolve(BackupSetLayout.finalDir("it-host", id));
    }

    private void plant(BackupId id, String manifest) throws Exception {
        Path set = Files.createDirectories(setDir(id));
        Files.writeString(set.resolve("appdb.sql.gz.age"), "hello");
        Files.writeString(set.resolve(Manifest.FILE_NAME), manifest);
    }

    private List<String> setIds() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("backups"))) {
            return s.filter(p -> p.getFileName().toString().equals(Manifest.FILE_NAME))
                    .map(p -> p.getParent().getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void runsAndPrune_keepOnlyOne_neverRemoveTheSetOfANewerFormatThatListAndVerifyReport() throws Exception {
        // given a set of format 4 with fields this version does not know, and one that is garbage
        Path config = config();
        plant(NEWER, NewerFormatSets.manifest(NEWER, "it-host"));
        plant(GARBAGE, "{\"format_version\": 3, \"components\": []}");

        // when backstop runs three times, keeping the last backup only, and prunes
        for (int i = 0; i < 3; i++) {
            BackstopProcess.Result run = BackstopProcess.run("run", "--config", config.toString());
            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.err()).doesNotContain(NEWER + " was not in history");
        }
        BackstopProcess.Result prune = BackstopProcess.run("prune", "--config", config.toString());

        // then the newer set is still whole, the garbage is gone, and one backup of this version is left
        assertThat(prune.exitCode()).as(prune.all()).isZero();
        assertThat(prune.out()).contains("  keep   " + NEWER + "  written by a newer backstop (manifest format 4)");
        assertThat(Files.readString(setDir(NEWER).resolve(Manifest.FILE_NAME)))
                .isEqualTo(NewerFormatSets.manifest(NEWER, "it-host"));
        assertThat(Files.readString(setDir(NEWER).resolve("appdb.sql.gz.age"))).isEqualTo("hello");
        assertThat(Files.exists(setDir(GARBAGE))).isFalse();
        List<String> ids = setIds();
        assertThat(ids).hasSize(2).first().isEqualTo(NEWER.toString());

        // and list and verify report it, without failing
        BackstopProcess.Result list = BackstopProcess.run("list", "--config", config.toString());
        assertThat(list.exitCode()).as(list.all()).isZero();
        assertThat(list.out()).containsPattern(NEWER + " .* written by a newer backstop \\(manifest format 4\\)");
        BackstopProcess.Result verify = BackstopProcess.run("verify", "--read-data", "--config", config.toString());
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertThat(verify.all()).contains("WARNING local " + NEWER + " MANIFEST.json: written by a newer backstop"
                + " (manifest format 4), not checked by this version");
        assertThat(verify.all()).doesNotContain("ERROR").doesNotContain("CRITICAL");

        // and restore and restore-test refuse it, saying what to use instead
        String refusal = "backup " + NEWER + " was written by a newer backstop (manifest format 4); restore it with that"
                + " version or with the standard tools (docs/disaster-recovery.md)";
        BackstopProcess.Result restore = BackstopProcess.run("restore", "--backup", NEWER.toString(), "--to",
                dir.resolve("restored").toString(), "--config", config.toString());
        assertThat(restore.exitCode()).as(restore.all()).isEqualTo(6);
        assertThat(restore.err()).contains(refusal);
        assertThat(dir.resolve("restored")).doesNotExist();
        BackstopProcess.Result test = BackstopProcess.run("restore-test", "--backup", NEWER.toString(), "--config",
                config.toString());
        assertThat(test.exitCode()).as(test.all()).isEqualTo(6);
        assertThat(test.err()).contains(refusal);
        assertThat(setIds()).isEqualTo(ids);
    }
}
