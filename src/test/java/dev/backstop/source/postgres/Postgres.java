package dev.backstop.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.exec.ProcessResult;
import dev.backstop.exec.ProcessSpec;
import dev.backstop.source.LocalServer;
import java.nio.file.Path;
import java.time.Duration;

/** The PostgreSQL server of the test machine, administered as postgres over 127.0.0.1. */
final class Postgres {

    private Postgres() {
    }

    /** Runs SQL from a file in one database and returns the unaligned output. */
    static String sql(String database, String statements) throws Exception {
        return LocalServer.withSqlFile(statements, file -> load(database, file));
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

    private static ProcessResult runFile(String database, Path file, StringBuilder out) throws Exception {
        ProcessSpec spec = ProcessSpec.of("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-f", file.toString())
                .withTimeout(Duration.ofMinutes(1));
        return LocalServer.run(spec, out);
    }
}
