package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.LiveThreads;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    // The JDK's own pools (process reapers, the common pool) keep idle daemon threads for a minute.
    private static final Predicate<Thread> JDK_POOL = t -> t.getName().startsWith("process reaper")
            || t.getName().startsWith("ForkJoinPool.commonPool");

    @TempDir
    Path dir;

    @Test
    void run_backupCompleted_leavesNoThreadThatKeepsTheJvmAlive() throws Exception {
        // given a configuration with a folder and a command, compressed, to a local target
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("www/index.html"), "<p>hello</p>\n".repeat(10_000));
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: main-test
                state_dir: %s
                sources:
                  - {name: application, type: files, paths: [%s]}
                  - {name: packages, type: command, command: [sh, -c, "seq 1 100000"]}
                targets:
                  - {name: local, type: local, path: %s}
                """.formatted(dir.resolve("state"), dir.resolve("www"), dir.resolve("backups")));
        // the process-wide pools end their threads when idle; an earlier test's may still be alive
        assertThat(LiveThreads.awaitEnded(t -> t.getName().equals("compress") || t.getName().startsWith("process-"),
                Duration.ofSeconds(10))).as("pool threads of earlier tests").isEmpty();
        Set<Thread> before = LiveThreads.all();
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                seen.addAll(LiveThreads.all());
                LockSupport.parkNanos(5_000_000);
            }
        }, "thread-sampler");
        sampler.setDaemon(true);
        sampler.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        // when the run goes through Main.run, in this JVM
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "run", "--config", config.toString());
        sampler.interrupt();
        sampler.join();

        // then it succeeded; every thread it started was a daemon (the pools of compression and of
        // child processes among them), and backstop's own threads end soon after
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Predicate<Thread> started = t -> !before.contains(t) && t != sampler;
        List<Thread> startedByRun = seen.stream().filter(started).toList();
        assertThat(startedByRun).extracting(Thread::getName).contains("compress", "process-watchdog");
        assertThat(startedByRun).filteredOn(t -> !t.isDaemon()).extracting(Thread::getName).isEmpty();
        assertThat(LiveThreads.awaitEnded(started.and(JDK_POOL.negate()), Duration.ofSeconds(10))).isEmpty();
    }
}
