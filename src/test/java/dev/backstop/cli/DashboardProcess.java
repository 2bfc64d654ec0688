package dev.backstop.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code backstop dashboard} started from the packaged jar on a free port, for the end-to-end tests. */
final class DashboardProcess implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("on (http://[^ ]+/) ");

    final Process process;
    final String url;
    final Path log;

    private DashboardProcess(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** Starts it with {@code args} and waits (at most 60 s) until it says where it listens. */
    static DashboardProcess start(Path dir, Map<String, String> env, String... args) throws Exception {
        Path log = Files.createTempFile(dir, "dashboard", ".log");
        ProcessBuilder pb = new ProcessBuilder(BackstopProcess.command(List.of(), args));
        pb.environment().putAll(env);
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            Matcher m = URL.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return new DashboardProcess(p, m.group(1), log);
            }
            if (!p.isAlive()) {
                throw new AssertionError("backstop dashboard exited " + p.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError("backstop dashboard did not say where it listens within 60 s:\n" + Files.readString(log));
    }

    /** Output so far. */
    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Stops it with SIGTERM and returns its exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("backstop dashboard did not stop within 20 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            stop();
        }
    }
}
