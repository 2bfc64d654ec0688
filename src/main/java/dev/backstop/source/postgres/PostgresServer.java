package dev.backstop.source.postgres;

import dev.backstop.exec.ProcessResult;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.ProcessSpec;
import dev.backstop.exec.RunningProcess;
import dev.backstop.exec.SecretFile;
import dev.backstop.source.DatabaseServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The PostgreSQL server of a postgres source, through {@code psql -X -v ON_ERROR_STOP=1} with the
 * source's connection settings and the same PGPASSFILE handling as pg_dump. Databases are
 * created and dropped from the {@code postgres} maintenance database.
 */
public final class PostgresServer implements DatabaseServer {

    private static final String MAINTENANCE_DB = "postgres";
    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(5);

    private final PostgresConfig config;
    private final ProcessRunner runner;
    private final Path scratchDir;
    private final UnaryOperator<String> environment;

    public PostgresServer(PostgresConfig config, ProcessRunner runner, Path scratchDir,
                          UnaryOperator<String> environment) {
        this.config = config;
        this.runner = runner;
        this.scratchDir = scratchDir;
        this.environment = environment;
    }

    @Override
    public String client() throws IOException {
        return tool().getFileName().toString();
    }

    @Override
    public List<String> databases(String prefix) throws IOException, InterruptedException {
        if (!prefix.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("a database name prefix holds only letters, digits and _: " + prefix);
        }
        return query(MAINTENANCE_DB, "SELECT datname FROM pg_database WHERE datname LIKE '"
                + prefix.replace("_", "\\_") + "%' ORDER BY 1");
    }

    @Override
    public boolean exists(String database) throws IOException, InterruptedException {
        return !query(MAINTENANCE_DB, "SELECT 1 FROM pg_database WHERE datname = " + literal(database)).isEmpty();
    }

    @Override
    public void create(String database) throws IOException, InterruptedException {
        // template0: nothing added to template1 can clash with what the dump creates
        query(MAINTENANCE_DB, "CREATE DATABASE " + quote(database) + " TEMPLATE template0");
    }

    @Override
    public void drop(String database) throws IOException, InterruptedException {
        // FORCE: a client killed mid-load may leave a session open on the scratch database
        query(MAINTENANCE_DB, "DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)");
    }

    @Override
    public void load(String database, Path sqlFile) throws IOException, InterruptedException {
        run(database, sqlFile, "load " + sqlFile.getFileName() + " into", null);
    }

    @Override
    public SortedMap<String, Long> countRows(String database) throws IOException, InterruptedException {
        // format('%I.%I') quotes as pg_dump does in its COPY lines, which key the manifest
        List<String> tables = query(database, "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables"
                + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1");
        SortedMap<String, Long> rows = new TreeMap<>();
        if (tables.isEmpty()) {
            return rows;
        }
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < tables.size(); i++) {
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i).append(", count(*) FROM ONLY ")
                    .append(tables.get(i));
        }
        for (String line : query(database, sql.toString())) {
            int bar = line.indexOf('|');
            rows.put(tables.get(Integer.parseInt(line.substring(0, bar))), Long.parseLong(line.substring(bar + 1)));
        }
        return rows;
    }

    private List<String> query(String database, String sql) throws IOException, InterruptedException {
        Path file = Files.createTempFile(scratchDir, "query-", ".sql");
        try {
            Files.writeString(file, sql + ";\n", StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            for (String line : run(database, file, "query", QUERY_TIMEOUT).split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
            return lines;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private String run(String database, Path file, String what, Duration timeout) throws IOException, InterruptedException {
        String password = password();
        SecretFile passfile = password == null ? null : SecretFile.create(scratchDir, "pgpass-" + config.name() + "-",
                ".conf", "*:*:*:*:" + PostgresSource.passfileEscape(password) + "\n");
        Path passfilePath = passfile != null ? passfile.path() : config.passfile();
        List<String> argv = new ArrayList<>(List.of(tool().toString(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "--no-password"));
        if (config.host() != null) {
            argv.add("--host=" + config.host());
        }
        if (config.port() != null) {
            argv.add("--port=" + config.port());
        }
        if (config.user() != null) {
            argv.add("--username=" + config.user());
        }
        argv.add("--dbname=" + database);
        argv.add("--file=" + file.toAbsolutePath());
        ProcessSpec spec = ProcessSpec.of(argv).withSecret(password).withTimeout(timeout);
        if (passfilePath != null) {
            spec = spec.withEnv("PGPASSFILE", passfilePath.toAbsolutePath().toString());
        }
        try (passfile; RunningProcess p = runner.start(spec)) {
            String out = new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8);
            ProcessResult result = p.waitFor();
            if (!result.succeeded()) {
                throw new IOException("source " + config.name() + ": psql could not " + what + " database '" + database
                        + "': it " + result.describeExit() + "; command: " + result.command() + "\n" + result.stderrBlock());
            }
            return out;
        }
    }

    private Path tool() throws IOException {
        return ProcessRunner.findOnPath("psql").orElseThrow(() -> new IOException("source " + config.name()
                + ": no psql found on PATH; install the PostgreSQL client"));
    }

    private String password() throws IOException {
        if (config.passwordEnv() == null) {
            return null;
        }
        String value = environment.apply(config.passwordEnv());
        if (value == null) {
            throw new IOException("source " + config.name() + ": password_env: environment variable "
                    + config.passwordEnv() + " is not set");
        }
        return value;
    }

    static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
