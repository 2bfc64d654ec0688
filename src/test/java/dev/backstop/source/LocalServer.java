package dev.backstop.source;

import dev.backstop.exec.ProcessResult;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.ProcessSpec;
import dev.backstop.exec.RunningProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the helpers for the database servers of the test machine share: the client runs. Tests
 * that need a server say so with {@code @RequiresService}.
 */
public final class LocalServer {

    // A short grace: a client that hangs is killed soon after its timeout.
    private static final ProcessRunner RUNNER = new ProcessRunner(Duration.ofSeconds(1));

    /** Something done with a file of SQL. */
    @FunctionalInterface
    public interface WithFile<T> {
        T apply(Path file) throws Exception;
    }

    private LocalServer() {
    }

    /** Writes the statements to a temporary file (no secret in them reaches an argument list) for {@code use}. */
    public static <T> T withSqlFile(String statements, WithFile<T> use) throws Exception {
        Path file = Files.createTempFile("backstop-test-", ".sql");
        try {
            Files.writeString(file, statements, StandardCharsets.UTF_8);
            return use.apply(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Runs a client to its end; its standard output is appended to {@code out} unless that is null. */
    public static ProcessResult run(ProcessSpec spec, StringBuilder out) throws Exception {
        try (RunningProcess p = RUNNER.start(spec)) {
            String text = new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8);
            if (out != null) {
                out.append(text);
            }
            return p.waitFor();
        }
    }
}
