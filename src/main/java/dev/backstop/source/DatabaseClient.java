package dev.backstop.source;

import dev.backstop.core.PreflightException;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.ProcessSpec;
import dev.backstop.exec.SecretFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * How a database source reaches its server as a client: one subclass per family (mysql,
 * postgres), used by the dump, the grants check, restore and restore-test alike, so that every
 * program a source runs gets the same connection settings and the same credentials. The family
 * decides which programs run, with which arguments, and how the password reaches them (a private
 * option file, a PGPASSFILE); never through an argument list, and every command it builds masks
 * the password. This class holds what every family shares: the source's name in messages, the
 * password that {@code password_env} names, the lookup of the dump tool, the rule that puts the
 * password in a private file. Immutable and thread-safe.
 */
public abstract class DatabaseClient {

    private final String sourceName;
    private final String passwordEnv;
    private final UnaryOperator<String> environment;

    /**
     * @param passwordEnv the environment variable that holds the password, or null
     * @param environment looks up environment variables by name (null when unset); tests pass
     *                    their own since a JVM cannot change its environment
     */
    protected DatabaseClient(String sourceName, String passwordEnv, UnaryOperator<String> environment) {
        this.sourceName = sourceName;
        this.passwordEnv = passwordEnv;
        this.environment = environment;
    }

    /** The prefix of every message about this source; {@code key} names a setting, or is empty. */
    public final String what(String key) {
        return "source " + sourceName + ": " + (key.isEmpty() ? "" : key + ": ");
    }

    /**
     * The value of the environment variable that {@code password_env} names, or null when the
     * setting is absent. Read anew on every call: the dump repeats what preflight checked.
     *
     * @throws PreflightException the variable is not set, or (per family) holds what the
     *                            credentials file cannot carry
     */
    public String password() throws PreflightException {
        if (passwordEnv == null) {
            return null;
        }
        String value = environment.apply(passwordEnv);
        if (value == null) {
            throw new PreflightException(what("password_env") + "environment variable " + passwordEnv + " is not set");
        }
        return value;
    }

    /**
     * The dump tool, found now.
     *
     * @throws PreflightException naming every candidate and how to install one
     */
    public abstract Path dumpTool() throws PreflightException;

    /**
     * Checks, without connecting, that the credentials can reach the programs: configured
     * credential files are private, the password variable is set. Idempotent.
     *
     * @throws PreflightException naming the setting and the fix
     */
    public abstract void checkCredentials() throws PreflightException;

    /**
     * The program that runs SQL (mariadb or mysql, psql), found now.
     *
     * @throws IOException naming the source and how to install one, when there is none
     */
    public abstract Path sqlProgram() throws IOException;

    /**
     * The command that runs the SQL in {@code sqlFile} in {@code database}, without prompting,
     * printing each result row as one line; its credentials file, if any, is created in
     * {@code scratchDir} and lives until the command is closed.
     *
     * @param database the database to connect to; null for none, where the family allows it
     * @throws PreflightException the password cannot be had (see {@link #password()})
     * @throws IOException        no SQL program, or the credentials file could not be written
     */
    public abstract ClientCommand sqlCommand(String database, Path sqlFile, Path scratchDir)
            throws PreflightException, IOException;

    /** A line of the SQL program's output as the value of a one-column result. */
    public abstract String value(String line);

    /** A line of the SQL program's output split into its columns. */
    public abstract List<String> fields(String line);

    /** {@code dump_command} when set (a name on PATH or a path), else the first of {@code defaults} on PATH. */
    protected final Path findDumpTool(String dumpCommand, List<String> defaults, String hint)
            throws PreflightException {
        return dumpCommand != null
                ? ProcessRunner.requireOnPath(List.of(dumpCommand), what("dump_command"), hint)
                : ProcessRunner.requireOnPath(defaults, what(""), hint);
    }

    /**
     * A command with its credentials, by the rule every family follows: when {@code password_env}
     * is set, a private (0600) file in {@code scratchDir} holds the password (and wins over a
     * configured file); otherwise the configured credentials file, if any, is used as it is. The
     * password is masked in every rendering of the command. The caller closes the command.
     *
     * @param family     names the generated file, with the source: {@code mysql-appdb-….cnf}
     * @param content    the generated file's text for a password
     * @param configured the credentials file the configuration names, or null
     * @param spec       the command, given the credentials file to name (or null for none)
     */
    protected final ClientCommand withCredentials(Path scratchDir, String family, String suffix,
                                                  UnaryOperator<String> content, Path configured,
                                                  Function<Path, ProcessSpec> spec)
            throws PreflightException, IOException {
        String password = password();
        SecretFile generated = password == null ? null
                : SecretFile.create(scratchDir, family + "-" + sourceName + "-", suffix, content.apply(password));
        Path file = generated != null ? generated.path() : configured;
        return new ClientCommand(spec.apply(file).withSecret(password), generated);
    }

    /** Adds {@code name} followed by the value, such as {@code --port=3306}, when the value is set. */
    protected static void addOption(List<String> argv, String name, Object value) {
        if (value != null) {
            argv.add(name + value);
        }
    }
}
