package dev.backstop.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ByteSize;
import dev.backstop.core.PreflightException;
import dev.backstop.source.ClientCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The arguments, environment and PGPASSFILE every program of a postgres source gets; no server needed. */
class PostgresClientTest {

    static final String PASSWORD = "pg \"q\" 'a' $HOME #c \\ back:slash ";

    @TempDir
    Path dir;

    /** Every combination of host, port and user, set or not. */
    static Stream<PostgresConfig> connections() {
        return IntStream.range(0, 8).mapToObj(bits -> config(
                (bits & 1) != 0 ? "db.example" : null,
                (bits & 2) != 0 ? 5433 : null,
                (bits & 4) != 0 ? "backup" : null,
                null, null));
    }

    @ParameterizedTest
    @MethodSource("connections")
    void argv_eachConnectionSetting_optionsThenNoPasswordThenConnectionThenDatabase(PostgresConfig config) {
        List<String> expected = new ArrayList<>(List.of("/usr/bin/pg_dump", "--format=plain", "--no-password"));
        if (config.host() != null) {
            expected.add("--host=db.example");
        }
        if (config.port() != null) {
            expected.add("--port=5433");
        }
        if (config.user() != null) {
            expected.add("--username=backup");
        }
        expected.addAll(List.of("--dbname=shop", "--file=/tmp/q.sql"));

        List<String> argv = client(config).argv(Path.of("/usr/bin/pg_dump"), List.of("--format=plain"), "shop",
                List.of("--file=/tmp/q.sql"));

        assertThat(argv).containsExactlyElementsOf(expected);
    }

    @Test
    void command_passwordEnv_passwordOnlyInAPrivatePassfileNamedByEnvironment() throws Exception {
        Path passfile;
        try (ClientCommand command = client(config("127.0.0.1", 5432, "backup", null, "PW"))
                .command(Path.of("pg_dump"), List.of(), "shop", List.of(), dir)) {
            passfile = command.credentials().path();

            assertThat(command.spec().environment()).containsExactly(
                    Map.entry("PGPASSFILE", passfile.toAbsolutePath().toString()));
            assertThat(command.spec().argv()).containsExactly("pg_dump", "--no-password", "--host=127.0.0.1",
                    "--port=5432", "--username=backup", "--dbname=shop");
            assertThat(passfile.getParent()).isEqualTo(dir);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passfile))).isEqualTo("rw-------");
            assertThat(Files.readString(passfile)).isEqualTo("*:*:*:*:pg \"q\" 'a' $HOME #c \\\\ back\\:slash \n");
        }
        assertThat(passfile).doesNotExist();
    }

    @Test
    void command_passfileAndPasswordEnv_passwordEnvWins() throws Exception {
        Path configured = dir.resolve("pgpass");
        try (ClientCommand command = client(config(null, null, null, configured, "PW"))
                .command(Path.of("psql"), List.of(), "shop", List.of(), dir)) {
            assertThat(command.credentials()).isNotNull();
            assertThat(command.spec().environment().get("PGPASSFILE"))
                    .isEqualTo(command.credentials().path().toAbsolutePath().toString());
        }
    }

    @Test
    void command_passfileOnly_namedAsItIsAndNothingWritten() throws Exception {
        Path configured = dir.resolve("conf/pgpass");
        try (ClientCommand command = client(config(null, null, null, configured, null))
                .command(Path.of("psql"), List.of(), "shop", List.of(), dir)) {
            assertThat(command.credentials()).isNull();
            assertThat(command.spec().environment()).containsEntry("PGPASSFILE", configured.toAbsolutePath().toString());
            assertThat(command.spec().secrets()).isEmpty();
        }
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void command_noCredentialsConfigured_noPassfile() throws Exception {
        try (ClientCommand command = client(config(null, null, null, null, null))
                .command(Path.of("psql"), List.of(), "shop", List.of(), dir)) {
            assertThat(command.credentials()).isNull();
            assertThat(command.spec().environment()).isEmpty();
        }
    }

    @Test
    void command_passwordInAnArgument_maskedWhereverTheCommandIsShown() throws Exception {
        try (ClientCommand command = client(config(null, null, PASSWORD, null, "PW"))
                .command(Path.of("psql"), List.of(), "shop", List.of(), dir)) {
            assertThat(command.spec().secrets()).containsExactly(PASSWORD);
            assertThat(command.spec().render()).doesNotContain("pg \"q\"").contains("--username=****");
        }
    }

    @Test
    void password_lineBreakOrUnsetVariable_refusedNamingTheVariable() {
        PostgresClient lineBreak = new PostgresClient(config(null, null, null, null, "PW"), name -> "a\nb");
        PostgresClient unset = new PostgresClient(config(null, null, null, null, "PW"), name -> null);

        assertThatThrownBy(lineBreak::password)
                .isInstanceOf(PreflightException.class)
                .hasMessage("source pgdb: password_env: the password in PW contains a line break, which a PGPASSFILE"
                        + " cannot hold");
        assertThatThrownBy(() -> unset.command(Path.of("psql"), List.of(), "shop", List.of(), dir))
                .isInstanceOf(PreflightException.class)
                .hasMessage("source pgdb: password_env: environment variable PW is not set");
    }

    @Test
    void checkCredentials_sharedPassfile_refusedUnlessPasswordEnvReplacesIt() throws Exception {
        Path shared = Files.writeString(dir.resolve("pgpass"), "*:*:*:*:x\n");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> client(config(null, null, null, shared, null)).checkCredentials())
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("source pgdb: passfile:").hasMessageContaining("chmod 600 " + shared);
        assertThatCode(() -> client(config(null, null, null, shared, "PW")).checkCredentials()).doesNotThrowAnyException();
    }

    @Test
    void sqlCommand_psqlReadsTheFileAndStopsAtTheFirstError() throws Exception {
        Path sql = dir.resolve("q.sql");
        try (ClientCommand command = client(config(null, null, null, null, null)).sqlCommand("postgres", sql, dir)) {
            assertThat(command.spec().argv()).endsWith("-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "--no-password",
                    "--dbname=postgres", "--file=" + sql.toAbsolutePath());
            assertThat(command.spec().stdin()).isNull();
        }
    }

    @Test
    void fieldsAndValue_unalignedOutputSplitAtBars() {
        PostgresClient client = client(config(null, null, null, null, null));

        assertThat(client.fields("3|42")).containsExactly("3", "42");
        assertThat(client.value("a|b")).isEqualTo("a|b");
    }

    private static PostgresClient client(PostgresConfig config) {
        return new PostgresClient(config, name -> name.equals("PW") ? PASSWORD : null);
    }

    static PostgresConfig config(String host, Integer port, String user, Path passfile, String passwordEnv) {
        return new PostgresConfig("pgdb", ByteSize.ofBytes(1), "shop", host, port, user, passfile, passwordEnv,
                null, Duration.ofMinutes(1));
    }
}
