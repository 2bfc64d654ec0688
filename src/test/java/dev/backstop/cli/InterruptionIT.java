package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.RunOutcome;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signals and kills in the middle of a run: nothing committed half, everything cleaned or swept. */
class InterruptionIT {

    @TempDir
    Path dir;

    private Path config(String extraSources, String compression) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: it-host
                state_dir: %s
                compression: %s
                sources:
                  - name: data
                    type: files
                    paths: [data]
                %s
                targets:
                  - name: local
                    type: local
                    path: %s
                """.formatted(dir.resolve("state"), compression, extraSources, dir.resolve("backups")));
        return config;
    }

    @Test
    void run_sigterm_exits143RemovesPartialFilesAndRecordsInterrupted() throws Exception {
        Path config = config("""
                  - name: slow
                    type: command
                    command: [sleep, "60"]
                """, "gzip");
        Process run = BackstopProcess.start(dir, Map.of(), List.of(), "run", "--config", config.toString());
        waitForChild(run, "sleep");

        run.destroy(); // SIGTERM
        assertThat(run.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s").isTrue();

        assertThat(run.exitValue()).isEqualTo(143);
        assertThat(lastRun().outcome()).isEqualTo(RunOutcome.INTERRUPTED);
        assertThat(lastRun().exitCode()).isEqualTo(143);
        assertThat(spoolEntries()).isEmpty();
        assertThat(run.toHandle().descendants()).isEmpty();
        assertThat(Shell.run("pgrep -f 'sleep 60' -P " + run.pid()).exitCode()).isNotZero();
    }

    @Test
    void run_sigint_exits130() throws Exception {
        Path config = config("""
                  - name: slow
                    type: command
                    command: [sleep, "60"]
                """, "gzip");
        Process run = BackstopProcess.start(dir, Map.of(), List.of(), "run", "--config", config.toString());
        waitForChild(run, "sleep");

        Shell.ok("kill -INT " + run.pid());
        assertThat(run.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(run.exitValue()).isEqualTo(130);
        assertThat(lastRun().outcome()).isEqualTo(RunOutcome.INTERRUPTED);
    }

    @Test
    void run_killedDuringCommit_leavesNoCommittedSetAndNextRunSweeps() throws Exception {
        // incompressible data, so that the commit to the target takes long enough to be caught
        Path config = config("", "zstd");
        Files.createDirectories(dir.resolve("data"));
        Shell.ok("head -c 200000000 /dev/urandom > '" + dir.resolve("data/big.bin") + "'");
        Process run = BackstopProcess.start(dir, Map.of(), List.of(), "run", "--config", config.toString());
        Path partial = dir.resolve("backups/it-host/.partial");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.isDirectory(partial) && hasEntries(partial)) && System.nanoTime() < deadline && run.isAlive()) {
            Thread.sleep(5);
        }
        assertThat(run.isAlive()).as("still committing when killed").isTrue();

        Shell.ok("kill -KILL " + run.pid());
        run.waitFor(10, TimeUnit.SECONDS);

        assertThat(manifests()).isEmpty();
        assertThat(hasEntries(partial)).isTrue();
        assertThat(lastRun().outcome()).isEqualTo(RunOutcome.RUNNING);

        BackstopProcess.Result next = BackstopProcess.run("run", "--config", config.toString());

        assertThat(next.exitCode()).as(next.all()).isZero();
        assertThat(next.err()).contains("left by an interrupted run");
        assertThat(hasEntries(partial)).isFalse();
        assertThat(manifests()).hasSize(1);
        try (HistoryStore history = HistoryStore.open(dir.resolve("state/history.db"))) {
            var runs = history.recentRuns(2);
            assertThat(runs.get(0).outcome()).isEqualTo(RunOutcome.SUCCESS);
            assertThat(runs.get(1).outcome()).isEqualTo(RunOutcome.ABORTED);
        }
    }

    private static boolean hasEntries(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    private void waitForChild(Process run, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            boolean found = run.toHandle().descendants()
                    .anyMatch(h -> h.info().command().map(c -> c.endsWith("/" + name) || c.equals(name)).orElse(false));
            if (found) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + " never started under backstop");
    }

    private RunRecord lastRun() throws Exception {
        try (HistoryStore history = HistoryStore.open(dir.resolve("state/history.db"))) {
            return history.recentRuns(1).get(0);
        }
    }

    private List<Path> spoolEntries() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("state/spool"))) {
            return s.toList();
        }
    }

    private List<Path> manifests() throws Exception {
        if (!Files.exists(dir.resolve("backups"))) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir.resolve("backups"))) {
            return s.filter(p -> p.getFileName().toString().equals("MANIFEST.json")).toList();
        }
    }
}
