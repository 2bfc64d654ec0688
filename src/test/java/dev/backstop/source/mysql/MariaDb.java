package dev.backstop.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.exec.ProcessResult;
import dev.backstop.exec.ProcessSpec;
import dev.backstop.source.LocalServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The MariaDB server of the test machine, administered as root over the unix socket. */
final class MariaDb {

    private MariaDb() {
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
        ProcessResult result = LocalServer.run(spec, null);
        assertThat(result.succeeded()).as("restore: %s", result.stderrTail()).isTrue();
    }

    /** A string literal for SQL text (MariaDB's default sql_mode: backslash escapes). */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static long count(String database, String table) throws Exception {
        return Long.parseLong(sql(database, "SELECT COUNT(*) FROM `" + table + "`"));
    }

    private static ProcessResult run(String database, String statements, StringBuilder out) throws Exception {
        return LocalServer.withSqlFile(statements, file -> {
            ProcessSpec spec = ProcessSpec.of("mariadb", "-uroot", "--default-character-set=utf8mb4", "--batch", "--skip-column-names")
                    .withStdin(file).withTimeout(Duration.ofSeconds(30));
            if (database != null) {
                spec = spec.withArgs(List.of("--", database));
            }
            return LocalServer.run(spec, out);
        });
    }
}
