package dev.backstop.source.mysql;

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
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The MySQL/MariaDB server of a mysql source, through the {@code mariadb} or {@code mysql}
 * client with the source's connection settings. SQL reaches the client on standard input, the
 * password through {@code --defaults-extra-file} as for the dump; nothing secret is in argv.
 */
public final class MysqlServer implements DatabaseServer {

    static final List<String> CLIENTS = List.of("mariadb", "mysql");
    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(5);

    private final MysqlConfig config;
    private final ProcessRunner runner;
    private final Path scratchDir;
    private final UnaryOperator<String> environment;

    public MysqlServer(MysqlConfig config, ProcessRunner runner, Path scratchDir,
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
        requireIdentifier(prefix);
        List<String> names = new ArrayList<>();
        for (String line : query(null, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '"
                + prefix.replace("_", "\\_") + "%' ORDER BY 1")) {
            names.add(line);
        }
        return names;
    }

    @Override
    public boolean exists(String database) throws IOException, InterruptedException {
        return !query(null, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = "
                + literal(database)).isEmpty();
    }

    @Override
    public void create(String database) throws IOException, InterruptedException {
        query(null, "CREATE DATABASE " + quote(database) + " CHARACTER SET utf8mb4");
    }

    @Override
    public void drop(String database) throws IOException, InterruptedException {
        query(null, "DROP DATABASE IF EXISTS " + quote(database));
    }

    @Override
    public void load(String database, Path sqlFile) throws IOException, InterruptedException {
        run(database, sqlFile, "load " + sqlFile.getFileName() + " into");
    }

    @Override
    public SortedMap<String, Long> countRows(String database) throws IOException, InterruptedException {
        List<String> tables = query(null, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                + literal(database) + " AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') ORDER BY 1");
        SortedMap<String, Long> rows = new TreeMap<>();
        if (tables.isEmpty()) {
            return rows;
        }
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < tables.size(); i++) {
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i).append(", COUNT(*) FROM ")
                    .append(quote(tables.get(i)));
        }
        for (String line : query(database, sql.toString())) {
            String[] parts = line.split("\t");
            rows.put(tables.get(Integer.parseInt(parts[0])), Long.parseLong(parts[1]));
        }
        return rows;
    }

    /**
     * The account of the source as the server sees it, and the tables it can list in
     * {@code database}; one client invocation.
     *
     * @throws IOException the client failed: the message names the source and the database and
     *                     holds the client's stderr (access denied, unknown database)
     */
    MysqlAccount account(String database) throws IOException, InterruptedException {
        List<List<String>> rows = rows("SELECT CURRENT_USER(), VERSION(), @@lower_case_table_names;\n"
                + "SHOW GRANTS;\n"
                + "SHOW FULL TABLES FROM " + quote(database) + ";\n",
                "read the grants and the tables of database '" + database + "' from");
        if (rows.isEmpty() || rows.get(0).size() != 3) {
            throw new IOException("source " + config.name() + ": the client printed no account for the query of"
                    + " CURRENT_USER(); is " + tool() + " a MariaDB or MySQL client?");
        }
        List<String> grants = new ArrayList<>();
        SortedMap<String, String> tables = new TreeMap<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            if (row.size() == 1) {
                grants.add(row.get(0)); // SHOW GRANTS has one column, SHOW FULL TABLES two
            } else {
                tables.put(row.get(0), row.get(1));
            }
        }
        List<String> first = rows.get(0);
        return new MysqlAccount(first.get(0), first.get(1), !first.get(2).equals("0"), MysqlGrants.parse(grants),
                tables);
    }

    private List<String> query(String database, String sql) throws IOException, InterruptedException {
        Path file = Files.createTempFile(scratchDir, "query-", ".sql");
        try {
            Files.writeString(file, sql + ";\n", StandardCharsets.UTF_8);
            String out = run(database, file, "query");
            List<String> lines = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(unescape(line));
                }
            }
            return lines;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The rows of the result sets of {@code script}, fields split at tabs before they are unescaped. */
    private List<List<String>> rows(String script, String what) throws IOException, InterruptedException {
        Path file = Files.createTempFile(scratchDir, "query-", ".sql");
        try {
            Files.writeString(file, script, StandardCharsets.UTF_8);
            List<List<String>> rows = new ArrayList<>();
            for (String line : run(null, file, what).split("\n")) {
                if (!line.isEmpty()) {
                    rows.add(Arrays.stream(line.split("\t", -1)).map(MysqlServer::unescape).toList());
                }
            }
            return rows;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private String run(String database, Path stdin, String what) throws IOException, InterruptedException {
        String password = password();
        SecretFile optionFile = password == null ? null : SecretFile.create(scratchDir, "mysql-" + config.name() + "-",
                ".cnf", MysqlOptionFile.content(password, config.defaultsFile()));
        List<String> argv = new ArrayList<>();
        argv.add(tool().toString());
        Path extra = optionFile != null ? optionFile.path() : config.defaultsFile();
        if (extra != null) {
            argv.add("--defaults-extra-file=" + extra.toAbsolutePath()); // must come first
        }
        argv.addAll(List.of("--batch", "--skip-column-names", "--default-character-set=utf8mb4"));
        addConnection(argv);
        if (database != null) {
            argv.add("--");
            argv.add(database);
        }
        ProcessSpec spec = ProcessSpec.of(argv).withStdin(stdin).withSecret(password)
                .withTimeout(database != null && what.startsWith("load") ? null : QUERY_TIMEOUT);
        try (optionFile; RunningProcess p = runner.start(spec)) {
            String out = new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8);
            ProcessResult result = p.waitFor();
            if (!result.succeeded()) {
                throw new IOException("source " + config.name() + ": " + spec.programName() + " could not " + what
                        + (database == null ? " the server" : " database '" + database + "'") + ": it "
                        + result.describeExit() + "; command: " + result.command() + "\n" + result.stderrBlock());
            }
            return out;
        }
    }

    private void addConnection(List<String> argv) {
        if (config.host() != null) {
            argv.add("--host=" + config.host());
        }
        if (config.port() != null) {
            argv.add("--port=" + config.port());
        }
        if (config.socket() != null) {
            argv.add("--socket=" + config.socket());
        }
        if (config.user() != null) {
            argv.add("--user=" + config.user());
        }
    }

    private Path tool() throws IOException {
        return findClient(config);
    }

    /**
     * The client: beside a dump_command given as a path (the same installation), else the first of
     * {@link #CLIENTS} on PATH.
     *
     * @throws IOException naming the source, when there is none
     */
    static Path findClient(MysqlConfig config) throws IOException {
        if (config.dumpCommand() != null && config.dumpCommand().contains("/")) {
            Path dir = Path.of(config.dumpCommand()).toAbsolutePath().getParent();
            for (String candidate : CLIENTS) {
                Path client = dir.resolve(candidate);
                if (Files.isRegularFile(client) && Files.isExecutable(client)) {
                    return client;
                }
            }
        }
        for (String candidate : CLIENTS) {
            var found = ProcessRunner.findOnPath(candidate);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new IOException("source " + config.name() + ": no mariadb or mysql client found on PATH; install the"
                + " MariaDB or MySQL client");
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

    /** A backquoted identifier; a backquote inside is doubled. */
    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Undoes the escapes of the client's batch mode (\t, \n, \\, \0). */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                char n = field.charAt(++i);
                sb.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case '0' -> '\0';
                    default -> n;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static void requireIdentifier(String prefix) {
        if (!prefix.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("a database name prefix holds only letters, digits and _: " + prefix);
        }
    }
}
