package dev.backstop.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.exec.ProcessResult;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.ProcessSpec;
import dev.backstop.exec.RunningProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/** The PostgreSQL server of the test machine, administered as postgres over 127.0.0.1. */
final class Postgres {

    private static final ProcessRunner RUNNER = new ProcessRunner(Duration.ofSeconds(1));

    private Postgres() {
    }

    /** Fails when CI=true and the server is unreachable; skips otherwise. */
    static void requireServer() throws Exception {
        boolean up;
        try {
            up = run("postgres", "SELECT 1", null).succeeded();
        } catch (IOException e) {
            up = false;
        }
        if ("true".equals(System.getenv("CI"))) {
            assertThat(up).as("PostgreSQL reachable as postgres on 127.0.0.1 (CI=true)").isTrue();
        }
        Assumptions.assumeTrue(up, "PostgreSQL not reachable as postgres on 127.0.0.1");
    }

    /** Runs SQL from a file in one database and returns the unaligned output. */
    static String sql(String database, String statements) throws Exception {
        Path file = Files.createTempFile("backstop-test-", ".sql");
        try {
            Files.writeString(file, statements, StandardCharsets.UTF_8);
            return load(database, file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Runs a SQL file (such as a plain dump) in a database, stopping at the first error. */
    static String load(String database, Path file) throws Exception {
        StringBuilder out = new StringBuilder();
        ProcessResult result = runFile(database, file, out);
        assertThat(result.succeeded()).as("psql %s: %s", file, result.stderrTail()).isTrue();
        return out.toString().strip();
    }

    static long count(String database, String table) throws Exception {
        return Long.parseLong(sql(database, "SELECT count(*) FROM " + table));
    }

    private static ProcessResult run(String database, String statements, StringBuilder out) throws Exception {
        Path file = Files.createTempFile("backstop-test-", ".sql");
        try {
            Files.writeString(file, statements, StandardCharsets.UTF_8);
            return runFile(database, file, out);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static ProcessResult runFile(String database, Path file, StringBuilder out) throws Exception {
        ProcessSpec spec = ProcessSpec.of("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-f", file.toString())
                .withTimeout(Duration.ofMinutes(1));
        try (RunningProcess p = RUNNER.start(spec)) {
            String text = new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8);
            if (out != null) {
                out.append(text);
            }
            return p.waitFor();
        }
    }
}
