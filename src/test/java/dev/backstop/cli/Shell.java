package dev.backstop.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs shell commands for test set-up and for checks with standard tools. */
final class Shell {

    record Result(int exitCode, String output) {
    }

    private Shell() {
    }

    /** Runs {@code sh -c script}, stdout and stderr together, at most two minutes. */
    static Result run(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("sh", "-c", script)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + script);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs a script that must succeed; returns its output. */
    static String ok(String script) throws IOException, InterruptedException {
        Result r = run(script);
        if (r.exitCode() != 0) {
            throw new AssertionError("command failed (" + r.exitCode() + "): " + script + "\n" + r.output());
        }
        return r.output();
    }
}
