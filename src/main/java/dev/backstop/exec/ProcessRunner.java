package dev.backstop.exec;

import dev.backstop.core.PreflightException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Starts child processes; the only user of {@link ProcessBuilder} in backstop. Thread-safe: one
 * runner serves every source and target of a run.
 */
public final class ProcessRunner {

    /** How long a child gets between SIGTERM and SIGKILL, unless told otherwise. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

    /** How long an idle watchdog or killer thread waits for work before it ends. */
    static final Duration IDLE = Duration.ofSeconds(1);

    // One pair of pools for the whole process, not one per runner: runners are made wherever
    // processes are started and nobody would close them, and a child's watchdog must keep working
    // until the child is dead, whatever became of its runner. The threads are daemons, so they never
    // keep the JVM alive, and they end after IDLE without work, so nothing lingers once the last
    // child is gone: the pools need no shutdown.
    private static final ScheduledThreadPoolExecutor WATCHDOG = new ScheduledThreadPoolExecutor(1,
            daemon("process-watchdog"));
    private static final ThreadPoolExecutor KILLERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
            IDLE.toMillis(), TimeUnit.MILLISECONDS, new SynchronousQueue<>(), daemon("process-killer"));

    static {
        WATCHDOG.setRemoveOnCancelPolicy(true); // a finished child's watchdog leaves the queue at once
        WATCHDOG.setKeepAliveTime(IDLE.toMillis(), TimeUnit.MILLISECONDS);
        WATCHDOG.allowCoreThreadTimeOut(true);
    }

    private final Duration grace;

    /** A runner that gives children {@link #DEFAULT_GRACE} to exit after SIGTERM. */
    public ProcessRunner() {
        this(DEFAULT_GRACE);
    }

    /** A runner that gives children {@code grace} to exit after SIGTERM before SIGKILL. */
    public ProcessRunner(Duration grace) {
        this.grace = grace;
    }

    /**
     * Starts the command. Standard output is for the caller to read through
     * {@link RunningProcess#stdout()}; standard error is drained at once on a daemon thread.
     * The calling thread becomes the owner: interrupting it kills the process tree. The caller
     * must {@link RunningProcess#close() close} the result, which kills whatever still runs.
     *
     * @throws IOException the program could not be started (not found, not executable); the
     *                     message names it, secrets masked
     */
    public RunningProcess start(ProcessSpec spec) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(spec.argv());
        builder.environment().putAll(spec.environment());
        if (spec.workingDir() != null) {
            builder.directory(spec.workingDir().toFile());
        }
        builder.redirectInput(spec.stdin() != null
                ? ProcessBuilder.Redirect.from(spec.stdin().toFile())
                : ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            // Not chained: the cause's message repeats the command unmasked.
            throw new IOException("cannot start " + spec.render() + ": "
                    + Masker.of(spec.secrets()).mask(e.getMessage()));
        }
        return new RunningProcess(process, spec, grace, Thread.currentThread(), WATCHDOG, KILLERS);
    }

    /**
     * The first of {@code candidates} that {@link #findOnPath} finds.
     *
     * @param what the start of the message, such as {@code "source appdb: dump_command: "}
     * @param fix  appended to the message, such as {@code "; install the PostgreSQL client"}
     * @throws PreflightException naming every candidate, and PATH when it was searched
     */
    public static Path requireOnPath(List<String> candidates, String what, String fix) throws PreflightException {
        for (String candidate : candidates) {
            Optional<Path> found = findOnPath(candidate);
            if (found.isPresent()) {
                return found.get();
            }
        }
        boolean searchedPath = candidates.stream().noneMatch(c -> c.contains("/"));
        throw new PreflightException(what + "no executable " + String.join(" or ", candidates) + " found"
                + (searchedPath ? " on PATH (" + System.getenv("PATH") + ")" : "") + fix);
    }

    /**
     * Finds a program as the shell would: a name with a slash is taken as a path, any other is
     * looked up in the directories of PATH. Returns the executable file, or empty.
     */
    public static Optional<Path> findOnPath(String program) {
        if (program.contains("/")) {
            Path path = Path.of(program);
            return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVar = System.getenv("PATH");
        if (pathVar == null) {
            return Optional.empty();
        }
        for (String dir : pathVar.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
