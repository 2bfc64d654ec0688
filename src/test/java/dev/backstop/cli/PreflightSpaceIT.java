package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.RunOutcome;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.TargetCommitRecord;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preflight in bytes, with small tmpfs mounts (root only): a spool without room stops the run
 * (exit 4), a target without room is left out while the others get the backup (exit 6); both
 * numbers are in every message.
 */
@RequiresService(Services.Tmpfs.class)
class PreflightSpaceIT {

    @TempDir
    Path dir;

    private final List<Path> mounted = new ArrayList<>();

    @AfterEach
    void unmount() throws Exception {
        for (Path p : mounted) {
            Shell.run("umount '" + p + "'");
        }
    }

    private Path tmpfs(String name, String size) throws Exception {
        Path p = Files.createDirectories(dir.resolve(name));
        Shell.ok("mount -t tmpfs -o size=" + size + " tmpfs '" + p + "'");
        mounted.add(p);
        return p;
    }

    private Path config(Path stateDir, String targets) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/a.txt"), "some data\n");
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: it-host
                state_dir: %s
                sources:
                  - name: data
                    type: files
                    paths: [data]
                targets:
                %s
                """.formatted(stateDir, targets));
        return config;
    }

    @Test
    void run_spoolWithoutRoom_exitsFourBeforeAnyDumpWithBothNumbers() throws Exception {
        // given a state directory (and so its spool) on a 4 MiB disk; the first run asks for 16 MiB
        Path state = tmpfs("small-state", "4m");
        Path config = config(state, """
                  - name: local
                    type: local
                    path: %s
                """.formatted(dir.resolve("backups")));

        // when
        BackstopProcess.Result run = BackstopProcess.run("run", "--config", config.toString());

        // then
        assertThat(run.exitCode()).as(run.all()).isEqualTo(4);
        assertThat(run.err()).contains("not enough space on the spool " + state.resolve("spool"))
                .containsPattern("free, the backup needs about 16\\.0 MiB \\(16777216 bytes")
                .containsPattern("\\(\\d+ bytes\\) free");
        assertThat(Files.exists(dir.resolve("backups"))).as("no dump started, nothing written").isFalse();
        try (HistoryStore h = HistoryStore.open(state.resolve("history.db"))) {
            assertThat(h.recentRuns(1).get(0).outcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(h.recentRuns(1).get(0).exitCode()).isEqualTo(4);
        }
    }

    @Test
    void run_oneTargetWithoutRoom_isLeftOutAndTheOtherGetsTheBackupExitSix() throws Exception {
        // given a 4 MiB target beside a roomy one
        Path small = tmpfs("small-target", "4m");
        Path config = config(dir.resolve("state"), """
                  - name: roomy
                    type: local
                    path: %s
                  - name: small
                    type: local
                    path: %s
                """.formatted(dir.resolve("backups"), small));

        // when
        BackstopProcess.Result run = BackstopProcess.run("run", "--config", config.toString());

        // then
        assertThat(run.exitCode()).as(run.all()).isEqualTo(6);
        assertThat(run.out()).contains("roomy verified").contains("small SKIPPED");
        assertThat(run.all()).contains("target 'small' (local) at " + small + ": not enough free space:")
                .containsPattern("needs about 16\\.0 MiB \\(16777216 bytes\\)");
        try (Stream<Path> s = Files.walk(small)) {
            assertThat(s.filter(Files::isRegularFile).toList()).as("nothing written on the small disk").isEmpty();
        }
        try (HistoryStore h = HistoryStore.open(dir.resolve("state/history.db"))) {
            String id = h.recentRuns(1).get(0).id();
            assertThat(h.recentRuns(1).get(0).outcome()).isEqualTo(RunOutcome.PARTIAL);
            assertThat(h.commits(id)).extracting(TargetCommitRecord::target, c -> c.outcome().word())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("roomy", "committed"),
                            org.assertj.core.groups.Tuple.tuple("small", "skipped"));
        }
    }

    @Test
    void run_spoolFillsDuringTheDump_exitsFiveWithNothingCommittedAndNothingLeft() throws Exception {
        // given a spool with room for the preflight estimate (16 MiB) but not for 40 MB of incompressible data
        Path state = tmpfs("filling-state", "24m");
        Path config = config(state, """
                  - name: local
                    type: local
                    path: %s
                """.formatted(dir.resolve("backups")));
        Shell.ok("head -c 40000000 /dev/urandom > '" + dir.resolve("data/big.bin") + "'");

        // when
        BackstopProcess.Result run = BackstopProcess.run("run", "--config", config.toString());

        // then the source fails on the full spool, nothing is committed, the spool is empty again
        assertThat(run.exitCode()).as(run.all()).isEqualTo(5);
        assertThat(run.err()).containsIgnoringCase("no space left");
        try (Stream<Path> sets = Files.exists(dir.resolve("backups")) ? Files.walk(dir.resolve("backups")) : Stream.empty()) {
            assertThat(sets.filter(p -> p.getFileName().toString().equals("MANIFEST.json")).toList()).isEmpty();
        }
        assertThat(dir.resolve("backups/it-host/.partial")).satisfiesAnyOf(
                p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
        try (Stream<Path> spool = Files.list(state.resolve("spool"))) {
            assertThat(spool.toList()).isEmpty();
        }
        try (HistoryStore history = HistoryStore.open(state.resolve("history.db"))) {
            var last = history.recentRuns(1).get(0);
            assertThat(last.outcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(last.exitCode()).isEqualTo(5);
        }
    }
}
