package dev.backstop.source.mysql;

import dev.backstop.core.PreflightException;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.ProcessSpec;
import dev.backstop.exec.SecretFiles;
import dev.backstop.source.ClientCommand;
import dev.backstop.source.DatabaseClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Reaching the MySQL or MariaDB server of a mysql source as a client, for the dump, the grants
 * check, restore and restore-test: the programs (mariadb-dump or mysqldump, mariadb or mysql), the
 * connection arguments (host, port, socket, user), and the credentials, which reach every program
 * only through {@code --defaults-extra-file}: the configured {@code defaults_file} (which must be
 * 0600), or a generated 0600 option file that holds the password from {@code password_env} and
 * includes the configured file. Also the quoting of the server's SQL and of the client's batch
 * output. Immutable.
 */
final class MysqlClient extends DatabaseClient {

    /** Looked for on PATH, in this order, when {@code dump_command} is not set. */
    static final List<String> DUMP_TOOLS = List.of("mariadb-dump", "mysqldump");
    /** Looked for beside a {@code dump_command} path, then on PATH, in this order. */
    static final List<String> CLIENTS = List.of("mariadb", "mysql");

    /** Result rows as lines of tab-separated fields, special characters escaped, no header. */
    private static final List<String> BATCH = List.of("--batch", "--skip-column-names",
            "--default-character-set=utf8mb4");
    private static final String HINT = "; install the MariaDB or MySQL client, or set dump_command";

    private final MysqlConfig config;

    /**
     * @param environment looks up environment variables by name (null when unset); tests pass
     *                    their own since a JVM cannot change its environment
     */
    MysqlClient(MysqlConfig config, UnaryOperator<String> environment) {
        super(config.name(), config.passwordEnv(), environment);
        this.config = config;
    }

    @Override
    public Path dumpTool() throws PreflightException {
        return findDumpTool(config.dumpCommand(), DUMP_TOOLS, HINT);
    }

    /** The option file is private and its path can follow {@code !include}; the password variable is set. */
    @Override
    public void checkCredentials() throws PreflightException {
        if (config.defaultsFile() != null) {
            if (config.defaultsFile().toString().contains("\n")) {
                throw new PreflightException(what("defaults_file") + " must not contain a line break in its path");
            }
            SecretFiles.requirePrivate(config.defaultsFile(), what("defaults_file").stripTrailing());
        }
        password();
    }

    /**
     * Beside a {@code dump_command} given as a path (the same installation), else the first of
     * {@link #CLIENTS} on PATH.
     */
    @Override
    public Path sqlProgram() throws IOException {
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
        throw new IOException(what("") + "no mariadb or mysql client found on PATH; install the MariaDB or MySQL"
                + " client");
    }

    /** The SQL goes to the client on standard input. */
    @Override
    public ClientCommand sqlCommand(String database, Path sqlFile, Path scratchDir)
            throws PreflightException, IOException {
        ClientCommand command = command(sqlProgram(), BATCH, database, scratchDir);
        return command.withSpec(command.spec().withStdin(sqlFile));
    }

    /**
     * A command of {@code program} with its credentials; the caller closes it.
     *
     * @param options  the program's own options
     * @param database the database to connect to, or null for none
     */
    ClientCommand command(Path program, List<String> options, String database, Path scratchDir)
            throws PreflightException, IOException {
        Path configured = config.defaultsFile(); // the generated file includes it, so its other settings hold
        return withCredentials(scratchDir, "mysql", ".cnf", password -> MysqlOptionFile.content(password, configured),
                configured, optionFile -> ProcessSpec.of(argv(program, optionFile, options, database)));
    }

    /** The argument list; the option file, if any, comes first as the programs require. */
    List<String> argv(Path program, Path optionFile, List<String> options, String database) {
        List<String> argv = new ArrayList<>();
        argv.add(program.toString());
        if (optionFile != null) {
            argv.add("--defaults-extra-file=" + optionFile.toAbsolutePath()); // must come first
        }
        argv.addAll(options);
        addOption(argv, "--host=", config.host());
        addOption(argv, "--port=", config.port());
        addOption(argv, "--socket=", config.socket());
        addOption(argv, "--user=", config.user());
        if (database != null) {
            argv.add("--"); // a database name starting with a dash stays a name
            argv.add(database);
        }
        return argv;
    }

    @Override
    public String value(String line) {
        return unescape(line);
    }

    /** Split at tabs before unescaping, since a tab in a value arrives as {@code \t}. */
    @Override
    public List<String> fields(String line) {
        return Arrays.stream(line.split("\t", -1)).map(MysqlClient::unescape).toList();
    }

    /** A backquoted identifier; a backquote inside is doubled. */
    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A string literal (the server's default sql_mode: backslash escapes). */
    static String literal(String value) {
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
}
