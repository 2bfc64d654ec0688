package dev.backstop.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.LiveThreads;
import dev.backstop.core.PreflightException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {

    @TempDir
    Path dir;

    private final ProcessRunner runner = new ProcessRunner();

    @Test
    void start_argvEnvAndWorkingDir_reachTheChildWithoutAShell() throws Exception {
        ProcessSpec spec = ProcessSpec.of("sh", "-c", "printf '%s|%s|%s' \"$FOO\" \"$(pwd)\" \"$1\"", "sh", "a $b; c")
                .withEnv("FOO", "bar baz").withWorkingDir(dir);

        try (RunningProcess p = runner.start(spec)) {
            String out = new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8);
            ProcessResult result = p.waitFor();

            assertThat(out).isEqualTo("bar baz|" + dir.toRealPath() + "|a $b; c");
            assertThat(result.succeeded()).isTrue();
        }
    }

    @Test
    void waitFor_childFloodsStderr_neverBlocksAndKeepsOnlyTheTail() throws Exception {
        ProcessSpec spec = ProcessSpec.of("sh", "-c",
                "i=0; while [ $i -lt 20000 ]; do echo \"noise line $i\" >&2; i=$((i+1)); done; echo last >&2; echo out");

        try (RunningProcess p = runner.start(spec)) {
            String out = new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8);
            ProcessResult result = p.waitFor();

            assertThat(out).isEqualTo("out\n");
            assertThat(result.stderrTail()).endsWith("noise line 19999\nlast").doesNotContain("noise line 1\n");
            assertThat(result.stderrTail().length()).isBetween(8 * 1024, StderrTail.TAIL_CHARS);
        }
    }

    @Test
    void waitFor_ownerInterrupted_killsChildAndGrandchildWithinASecond() throws Exception {
        AtomicLong grandchild = new AtomicLong();
        AtomicLong child = new AtomicLong();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread owner = new Thread(() -> {
            try (RunningProcess p = runner.start(ProcessSpec.of("sh", "-c", "sleep 100 & echo $!; sleep 100"))) {
                child.set(p.pid());
                grandchild.set(Long.parseLong(new BufferedReader(new InputStreamReader(p.stdout())).readLine()));
                p.waitFor();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        owner.start();
        awaitPositive(grandchild);

        long start = System.nanoTime();
        owner.interrupt();
        owner.join(2000);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(alive(child.get())).isFalse();
        assertThat(alive(grandchild.get())).isFalse();
    }

    @Test
    void stdout_ownerInterruptedWhileReadingSilentChild_readEndsAndWaitForThrows() throws Exception {
        ProcessRunner quick = new ProcessRunner(Duration.ofMillis(300));
        AtomicLong child = new AtomicLong();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread owner = new Thread(() -> {
            // TERM is ignored, so only the SIGKILL after the grace period ends it.
            try (RunningProcess p = quick.start(ProcessSpec.of("sh", "-c", "trap '' TERM; sleep 100 & wait"))) {
                child.set(p.pid());
                p.stdout().readAllBytes();
                p.waitFor();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        owner.start();
        awaitPositive(child);
        Thread.sleep(200);

        owner.interrupt();
        owner.join(3000);

        assertThat(owner.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(alive(child.get())).isFalse();
    }

    @Test
    void waitFor_timeoutPasses_treeKilledAndResultSaysSo() throws Exception {
        ProcessSpec spec = ProcessSpec.of("sh", "-c", "echo begun; sleep 30").withTimeout(Duration.ofMillis(300));
        long start = System.nanoTime();

        try (RunningProcess p = runner.start(spec)) {
            String out = new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8);
            ProcessResult result = p.waitFor();

            assertThat(out).isEqualTo("begun\n");
            assertThat(result.timedOut()).isTrue();
            assertThat(result.succeeded()).isFalse();
            assertThat(result.describeExit()).contains("timeout");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void stderr_secretPrinted_maskedInTailListenerAndRendering() throws Exception {
        String secret = "s3cr3t \"p'w\" #$";
        List<String> heard = new CopyOnWriteArrayList<>();
        ProcessSpec spec = ProcessSpec.of("sh", "-c", "echo \"denied for $1\" >&2; exit 2", "sh", secret)
                .withSecret(secret).withStderrLines(heard::add);

        try (RunningProcess p = runner.start(spec)) {
            p.stdout().readAllBytes();
            ProcessResult result = p.waitFor();

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.stderrTail()).isEqualTo("denied for ****");
            assertThat(heard).containsExactly("denied for ****");
            assertThat(result.command()).doesNotContain("s3cr3t").contains("****");
        }
    }

    @Test
    void start_programMissing_failsNamingItWithSecretsMasked() {
        ProcessSpec spec = ProcessSpec.of("/nonexistent/tool", "--password=hunter2").withSecret("hunter2");

        assertThatThrownBy(() -> runner.start(spec))
                .hasMessageContaining("/nonexistent/tool")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void close_processStillRunning_killsIt() throws Exception {
        RunningProcess p = runner.start(ProcessSpec.of("sleep", "100"));
        long pid = p.pid();

        p.close();

        assertThat(alive(pid)).isFalse();
    }

    @Test
    void requireOnPath_noneFound_namesEveryCandidatePathAndTheFix() {
        assertThatThrownBy(() -> ProcessRunner.requireOnPath(List.of("no-such-a", "no-such-b"),
                "source db1: dump_command: ", "; install it"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("source db1: dump_command: no executable no-such-a or no-such-b found on PATH (")
                .hasMessageEndingWith("; install it");
    }

    @Test
    void requireOnPath_pathGiven_noPathSearchInMessage_andFirstFoundWins() throws Exception {
        assertThatThrownBy(() -> ProcessRunner.requireOnPath(List.of("/no/such/tool"), "x: ", ""))
                .isInstanceOf(PreflightException.class)
                .hasMessage("x: no executable /no/such/tool found");
        assertThat(ProcessRunner.requireOnPath(List.of("no-such-program-xyz", "sh"), "", ""))
                .isEqualTo(ProcessRunner.findOnPath("sh").orElseThrow());
    }

    @Test
    void start_childrenEndedOrKilled_watchdogAndKillerAreDaemonsThatEndWhenIdle() throws Exception {
        // given a child that ends by itself and one killed by close()
        List<Thread> seen = new ArrayList<>();
        try (RunningProcess p = runner.start(ProcessSpec.of("sh", "-c", "sleep 0.3; echo done"))) {
            seen.addAll(LiveThreads.named("process-watchdog"));
            p.stdout().readAllBytes();
            p.waitFor();
        }
        try (RunningProcess p = runner.start(ProcessSpec.of("sleep", "100"))) {
            p.close();
            seen.addAll(LiveThreads.named("process-killer"));
        }

        // then both pools used daemon threads, and none is left once the pools had nothing to do
        assertThat(seen).extracting(Thread::getName).contains("process-watchdog", "process-killer");
        assertThat(seen).allMatch(Thread::isDaemon);
        assertThat(LiveThreads.awaitEnded(t -> t.getName().startsWith("process-"), ProcessRunner.IDLE.multipliedBy(5)))
                .isEmpty();
    }

    @Test
    void findOnPath_knownAndUnknownPrograms_foundOrEmpty() {
        assertThat(ProcessRunner.findOnPath("sh")).isPresent();
        assertThat(ProcessRunner.findOnPath("no-such-program-xyz")).isEmpty();
        assertThat(ProcessRunner.findOnPath("/no/such/path")).isEmpty();
    }

    private static boolean alive(long pid) throws InterruptedException {
        for (int i = 0; i < 20 && ProcessHandle.of(pid).map(RunningProcess::running).orElse(false); i++) {
            Thread.sleep(10); // reaping may lag the kill by a moment
        }
        return ProcessHandle.of(pid).map(RunningProcess::running).orElse(false);
    }

    private static void awaitPositive(AtomicLong value) throws InterruptedException {
        for (int i = 0; i < 500 && value.get() <= 0; i++) {
            Thread.sleep(10);
        }
        assertThat(value.get()).isPositive();
    }
}
