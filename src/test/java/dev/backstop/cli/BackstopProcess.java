package dev.backstop.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged backstop jar as a child process, as cron or a person would, for the
 * end-to-end tests (*IT): real exit codes, real signals, real other users.
 */
final class BackstopProcess {

    /** What a finished process left. */
    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private BackstopProcess() {
    }

    static Path jar() {
        String jar = System.getProperty("backstop.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the end-to-end tests need the packaged jar (mvn verify); backstop.jar="
                    + jar);
        }
        return Path.of(jar);
    }

    static List<String> command(List<String> prefix, String... args) {
        return command(jar(), prefix, args);
    }

    static List<String> command(Path jar, List<String> prefix, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(java());
        if (jar.equals(jar())) {
            ClassArchive.of(jar).ifPresent(archive -> cmd.add("-XX:SharedArchiveFile=" + archive));
        }
        cmd.add("-Dfile.encoding=UTF-8");
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The java command with the options of every launch of the jar in a test. */
    static List<String> java() {
        // each run is short: the quick compiler and the serial collector start sooner and leave the
        // cores to the servers the tests run (the launcher chooses its own options for real runs);
        // the class archive is an optimisation only, so the JVM says nothing when it cannot use it
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xlog:cds=off,cds+dynamic=off");
    }

    /** Starts backstop with {@code args}; stdout and stderr go to files in {@code logDir}. */
    static Process start(Path logDir, Map<String, String> env, List<String> prefix, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(prefix, args));
        pb.environment().putAll(env);
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.redirectOutput(logDir.resolve("out-" + System.nanoTime() + ".txt").toFile());
        pb.redirectError(logDir.resolve("err-" + System.nanoTime() + ".txt").toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb.start();
    }

    /** Runs backstop to its end (at most two minutes) and returns what it printed. */
    static Result run(Map<String, String> env, List<String> prefix, String... args) throws IOException, InterruptedException {
        return run(jar(), env, prefix, args);
    }

    /** Runs a given copy of the jar, e.g. one that another user can read. */
    static Result run(Path jar, Map<String, String> env, List<String> prefix, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("backstop-out", ".txt");
        Path err = Files.createTempFile("backstop-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command(jar, prefix, args));
            pb.environment().putAll(env);
            pb.environment().put("LC_ALL", "C.UTF-8");
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("backstop did not finish within two minutes: " + String.join(" ", args));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), List.of(), args);
    }
}
