package dev.backstop.source;

import dev.backstop.exec.ProcessResult;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.ProcessSpec;
import dev.backstop.exec.RunningProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The steps every disposable server takes the same way, whatever its kind: initialise a data
 * directory, start the server, wait until it answers, stop it and remove its directory; and
 * remove what a killed test left. A failure of any of them is a {@link RestoreEnvironmentException}.
 */
public final class ServerProcess {

    /** How long initialising, starting and answering may take each. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long a server has to stop after TERM, before KILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(30);

    /** Asks the started server whether it answers. */
    @FunctionalInterface
    public interface Probe {
        void answer() throws IOException, InterruptedException;
    }

    /** What the server left to say why it exited: its version and the end of its log. */
    @FunctionalInterface
    public interface Detail {
        String describe() throws IOException;
    }

    private final ScratchServerDir dir;
    private final ProcessRunner runner;
    private RunningProcess process;

    public ServerProcess(ScratchServerDir dir, ProcessRunner runner) {
        this.dir = dir;
        this.runner = runner;
    }

    /** Where the server's data, socket, pid file and log go: {@code <dir>/server}. */
    public Path serverDir() {
        return dir.path().resolve("server");
    }

    /**
     * Stops a server a killed test left (by its pid file) and removes its directory.
     *
     * @return what was removed, for the summary; empty when nothing was there
     */
    public Optional<String> removeLeftover(Path pidFile) throws IOException, InterruptedException {
        if (!Files.exists(dir.path())) {
            return Optional.empty();
        }
        Optional<Long> pid = dir.stopLeftover(pidFile, STOP_GRACE);
        dir.delete();
        return Optional.of("disposable server " + dir.path() + pid.map(p -> " (pid " + p + " stopped)").orElse(""));
    }

    /**
     * The first line that {@code program --version} prints, spaces collapsed and the program's
     * directory left out ({@code mariadbd Ver 10.11.6-MariaDB ...}); the program's path when it prints none.
     */
    public String versionOf(Path program) throws IOException, InterruptedException {
        try (RunningProcess p = runner.start(ProcessSpec.of(program.toString(), "--version"))) {
            String out = new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return out.isEmpty() ? program.toString() : out.lines().findFirst().orElse("").replaceAll("\\s+", " ")
                    .replaceFirst("^\\S*/", "");
        }
    }

    /** Runs the initialiser {@code cmd} of the data directory; {@code program} names it in the message. */
    public void initialise(List<String> cmd, String program) throws IOException, InterruptedException {
        ProcessResult result;
        try (RunningProcess p = runner.start(ProcessSpec.of(cmd).withTimeout(START_TIMEOUT))) {
            p.stdout().transferTo(OutputStream.nullOutputStream());
            result = p.waitFor();
        }
        if (!result.succeeded()) {
            throw new RestoreEnvironmentException(program + " could not initialise a data directory in " + serverDir()
                    + " (" + result.describeExit() + "; scratch space full?): " + result.stderrTail());
        }
    }

    /**
     * Starts the server {@code cmd} and waits until {@code ready} exists and {@code probe} answers.
     *
     * @param diedWith what the server said when it exits before answering
     */
    public void start(List<String> cmd, Path ready, Probe probe, Detail diedWith)
            throws IOException, InterruptedException {
        process = new ProcessRunner(STOP_GRACE).start(ProcessSpec.of(cmd));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                throw new RestoreEnvironmentException("the disposable server did not start: " + diedWith.describe() + " "
                        + process.stderrTail());
            }
            if (Files.exists(ready)) {
                try {
                    probe.answer();
                    return;
                } catch (IOException e) {
                    last = e;
                }
            }
            Thread.sleep(50);
        }
        throw new RestoreEnvironmentException("the disposable server did not answer at " + ready + " within "
                + START_TIMEOUT.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()));
    }

    /** Stops the server (TERM, then KILL after the grace) and removes its directory. */
    public void close() throws IOException, InterruptedException {
        if (process != null) {
            process.close();
            process = null;
        }
        if (Files.exists(dir.path())) {
            dir.delete();
        }
    }
}
