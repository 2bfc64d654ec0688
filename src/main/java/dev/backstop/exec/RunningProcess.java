package dev.backstop.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A started child process. Its owner reads {@link #stdout()} to the end, then calls
 * {@link #waitFor()}, and closes it in a finally block. A watchdog kills the whole process tree
 * when the timeout passes or when the owner thread is interrupted, so even a read blocked on a
 * silent child ends (with end of stream) within a fraction of a second.
 */
public final class RunningProcess implements AutoCloseable {

    private static final long POLL_MILLIS = 100;
    private static final long STDERR_DRAIN_MILLIS = 2000;

    private final Process process;
    private final ProcessSpec spec;
    private final Duration grace;
    private final Thread owner;
    private final ExecutorService killers;
    private final StderrTail stderr;
    private final long deadlineNanos;
    private final ScheduledFuture<?> watchdog;
    private volatile boolean timedOut;
    private volatile boolean killedForInterrupt;
    private CompletableFuture<Void> kill;

    RunningProcess(Process process, ProcessSpec spec, Duration grace, Thread owner,
                   ScheduledExecutorService watchdogs, ExecutorService killers) {
        this.process = process;
        this.spec = spec;
        this.grace = grace;
        this.owner = owner;
        this.killers = killers;
        Duration timeout = spec.timeout();
        this.deadlineNanos = timeout == null || timeout.isZero() || timeout.isNegative()
                ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        this.stderr = new StderrTail(process.getErrorStream(), Masker.of(spec.secrets()), spec.stderrLines(),
                spec.programName() + "-" + process.pid());
        stderr.start();
        this.watchdog = watchdogs.scheduleWithFixedDelay(this::watch, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The child's standard output; read it to the end (or close this process). */
    public InputStream stdout() {
        return process.getInputStream();
    }

    /** The operating system's process id of the child. */
    public long pid() {
        return process.pid();
    }

    /** Whether the child still runs. */
    public boolean alive() {
        return process.isAlive();
    }

    /** The command as rendered for people, secrets masked. */
    public String command() {
        return spec.render();
    }

    /** The masked stderr tail read so far. */
    public String stderrTail() {
        return stderr.tail();
    }

    /**
     * Waits for the child to exit and for its stderr to be drained, and says how it ended. A
     * timeout is not an exception here: it shows in {@link ProcessResult#timedOut()}.
     *
     * @throws InterruptedException the owner was interrupted (before or while waiting); the
     *                              process tree has been killed when this is thrown
     */
    public ProcessResult waitFor() throws InterruptedException {
        if (Thread.interrupted() || killedForInterrupt) {
            killedForInterrupt = true;
            killAndWait();
            throw new InterruptedException("interrupted; killed " + spec.programName() + " (pid " + pid() + ")");
        }
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            killedForInterrupt = true;
            killAndWait();
            throw e;
        }
        stderr.join(STDERR_DRAIN_MILLIS);
        watchdog.cancel(false);
        CompletableFuture<Void> pending = currentKill();
        if (pending != null) {
            awaitQuietly(pending); // a timeout kill may still be finishing off descendants
        }
        return new ProcessResult(command(), process.exitValue(), timedOut, stderr.tail());
    }

    /** Kills the process tree if it still runs, and waits until it is gone. Idempotent. */
    @Override
    public void close() {
        watchdog.cancel(false);
        if (process.isAlive() || process.descendants().findAny().isPresent()) {
            boolean interrupted = Thread.interrupted();
            awaitQuietly(startKill());
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly();
    }

    private void watch() {
        if (!process.isAlive()) {
            watchdog.cancel(false);
            return;
        }
        if (System.nanoTime() - deadlineNanos >= 0) {
            timedOut = true;
            startKill();
        } else if (owner.isInterrupted()) {
            killedForInterrupt = true;
            startKill();
        }
    }

    private void killAndWait() {
        watchdog.cancel(false);
        awaitQuietly(startKill());
        closeQuietly();
    }

    private synchronized CompletableFuture<Void> currentKill() {
        return kill;
    }

    private synchronized CompletableFuture<Void> startKill() {
        if (kill == null) {
            kill = CompletableFuture.runAsync(this::killTree, killers);
        }
        return kill;
    }

    /** Descendants first (a snapshot taken before the parent dies), then the process; TERM, then KILL. */
    private void killTree() {
        List<ProcessHandle> victims = new ArrayList<>(process.descendants().toList());
        victims.forEach(ProcessHandle::destroy);
        process.destroy();
        victims.add(process.toHandle());
        long until = System.nanoTime() + grace.toNanos();
        while (victims.stream().anyMatch(RunningProcess::running) && System.nanoTime() - until < 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                break; // go straight to SIGKILL
            }
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        victims.stream().filter(RunningProcess::running).forEach(ProcessHandle::destroyForcibly);
        long reaped = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (victims.stream().anyMatch(RunningProcess::running) && System.nanoTime() - reaped < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Whether a process still runs. A zombie does not: it has ended and only waits for its
     * parent (often init, for orphaned descendants) to collect it, which may take a while.
     */
    static boolean running(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : 'R';
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return handle.isAlive(); // no /proc: trust the JDK
        }
    }

    private static void awaitQuietly(CompletableFuture<Void> future) {
        boolean interrupted = false;
        while (true) {
            try {
                future.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly() {
        try {
            process.getInputStream().close();
        } catch (IOException e) {
            // nothing left to read anyway
        }
    }
}
