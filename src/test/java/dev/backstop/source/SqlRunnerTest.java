package dev.backstop.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.PreflightException;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How SQL runs through a family's client, with {@code sh} standing in for the SQL program: the
 * "SQL" is a shell script read from standard input, and the credentials file holds the password.
 */
class SqlRunnerTest {

    private static final String PASSWORD = "s3cret-pw";

    @TempDir
    Path dir;

    private final ShellClient client = new ShellClient(name -> name.equals("PW") ? PASSWORD : null);
    private Path scratch;

    @BeforeEach
    void createScratch() throws IOException {
        scratch = Files.createDirectories(dir.resolve("scratch"));
    }

    @AfterEach
    void scratchLeftEmpty() throws IOException {
        try (var left = Files.list(scratch)) {
            assertThat(left).as("SQL and credentials files left in scratch").isEmpty();
        }
    }

    @Test
    void values_outputLines_inOrderWithoutEmptyOnes() throws Exception {
        assertThat(runner().values("shop", "echo a; echo; echo 'b c'")).containsExactly("a", "b c");
    }

    @Test
    void values_credentialsFileExistsDuringTheRunOnly() throws Exception {
        assertThat(runner().values("shop", "cat \"$CREDENTIALS\"")).containsExactly("password=" + PASSWORD);
    }

    @Test
    void rows_splitByTheFamilysRules() throws Exception {
        assertThat(runner().rows("shop", "echo 'a,b'; echo c\n", "read")).containsExactly(List.of("a", "b"), List.of("c"));
    }

    @Test
    void run_programFails_messageNamesSourceDatabaseCommandAndMaskedStderr() {
        assertThatThrownBy(() -> runner().values("shop", "echo \"denied for $(cat \"$CREDENTIALS\")\" >&2; exit 3"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("source db1: sh could not query database 'shop': it exited with status 3;"
                        + " command: sh -s")
                .hasMessageEndingWith("its stderr ended with:\n    denied for password=****")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void run_noDatabase_messageSaysTheServer() {
        assertThatThrownBy(() -> runner().rows(null, "exit 1\n", "read the grants from"))
                .hasMessageStartingWith("source db1: sh could not read the grants from the server: it exited with status 1");
    }

    @Test
    void run_passwordUnavailable_failsBeforeRunningWithTheClientsMessage() {
        SqlRunner runner = new SqlRunner(new ShellClient(name -> null), new ProcessRunner(), scratch);

        assertThatThrownBy(() -> runner.values("shop", "echo ran"))
                .isInstanceOf(IOException.class)
                .hasMessage("source db1: password_env: environment variable PW is not set");
    }

    @Test
    void run_timeoutGiven_reachesTheProgram() throws Exception {
        Path script = Files.writeString(dir.resolve("slow.sql"), "sleep 10\n");

        assertThatThrownBy(() -> runner().run("shop", script, "load slow.sql into", Duration.ofMillis(200)))
                .hasMessageContaining("sh could not load slow.sql into database 'shop': it was killed after its timeout");
    }

    private SqlRunner runner() {
        return new SqlRunner(client, new ProcessRunner(Duration.ofSeconds(1)), scratch);
    }

    /** Runs its SQL file with {@code sh -s}; the credentials file's path is in $CREDENTIALS; fields split at commas. */
    private static final class ShellClient extends DatabaseClient {

        ShellClient(UnaryOperator<String> environment) {
            super("db1", "PW", environment);
        }

        @Override
        public Path dumpTool() throws PreflightException {
            return findDumpTool(null, List.of("sh"), "");
        }

        @Override
        public void checkCredentials() throws PreflightException {
            password();
        }

        @Override
        public Path sqlProgram() {
            return Path.of("sh");
        }

        @Override
        public ClientCommand sqlCommand(String database, Path sqlFile, Path scratchDir)
                throws PreflightException, IOException {
            return withCredentials(scratchDir, "shell", ".cnf", password -> "password=" + password + "\n", null,
                    file -> ProcessSpec.of("sh", "-s").withStdin(sqlFile).withEnv("CREDENTIALS", String.valueOf(file)));
        }

        @Override
        public String value(String line) {
            return line;
        }

        @Override
        public List<String> fields(String line) {
            return List.of(line.split(","));
        }
    }
}
