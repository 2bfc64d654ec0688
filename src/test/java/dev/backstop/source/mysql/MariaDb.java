package dev.backstop.source.mysql;

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

/** The MariaDB server of the test machine, administered as root over the unix socket. */
final class MariaDb {

    private static final ProcessRunner RUNNER = new ProcessRunner(Duration.ofSeconds(1));

    private MariaDb() {
    }

    /** Fails when CI=true and the server is unreachable; skips otherwise. */
    static void requireServer() throws Exception {
        boolean up;
        try {
            up = run(null, "SELECT 1", null).succeeded();
        } catch (IOException e) {
            up = false;
        }
        if ("true".equals(System.getenv("CI"))) {
            assertThat(up).as("MariaDB reachable as root over the unix socket (CI=true)").isTrue();
        }
        Assumptions.assumeTrue(up, "MariaDB not reachable as root over the unix socket");
    }

    /** Runs SQL (given on stdin, so no secret in it reaches an argument list) and returns stdout. */
    static String sql(String database, String statements) throws Exception {
        StringBuilder out = new StringBuilder();
        ProcessResult result = run(database, statements, out);
        assertThat(result.succeeded()).as("mariadb: %s\n%s", statements, result.stderrTail()).isTrue();
        return out.toString().strip();
    }

    /** Loads a dump file into a database. */
    static void load(String database, Path dump) throws Exception {
        ProcessSpec spec = ProcessSpec.of("mariadb", "-uroot", "--default-character-set=utf8mb4", "--", database).withStdin(dump)
                .withTimeout(Duration.ofMinutes(1));
        try (RunningProcess p = RUNNER.start(spec)) {
            p.stdout().transferTo(java.io.OutputStream.nullOutputStream());
            ProcessResult result = p.waitFor();
            assertThat(result.succeeded()).as("restore: %s", result.stderrTail()).isTrue();
        }
    }

    /** A string literal for SQL text (MariaDB's default sql_mode: backslash escapes). */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static long count(String database, String table) throws Exception {
        return Long.parseLong(sql(database, "SELECT COUNT(*) FROM `" + table + "`"));
    }

    private static ProcessResult run(String database, String statements, StringBuilder out) throws Exception {
        Path file = Files.createTempFile("backstop-test-", ".sql");
        try {
            Files.writeString(file, statements, StandardCharsets.UTF_8);
            ProcessSpec spec = ProcessSpec.of("mariadb", "-uroot", "--default-character-set=utf8mb4", "--batch", "--skip-column-names")
                    .withStdin(file).withTimeout(Duration.ofSeconds(30));
            if (database != null) {
                spec = spec.withArgs(java.util.List.of("--", database));
            }
            try (RunningProcess p = RUNNER.start(spec)) {
                String text = new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8);
                if (out != null) {
                    out.append(text);
                }
                return p.waitFor();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
