package dev.backstop.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The arguments and credentials every program of a mysql source gets; no server needed. */
class MysqlClientTest {

    static final String PASSWORD = "pw \"q\" 'a' $HOME #c \\ end";

    @TempDir
    Path dir;

    /** Every combination of host, port, socket and user, set or not. */
    static Stream<MysqlConfig> connections() {
        return IntStream.range(0, 16).mapToObj(bits -> config(
                (bits & 1) != 0 ? "db.example" : null,
                (bits & 2) != 0 ? 3307 : null,
                (bits & 4) != 0 ? Path.of("/run/mysqld/other.sock") : null,
                (bits & 8) != 0 ? "backup" : null,
                null, null));
    }

    @ParameterizedTest
    @MethodSource("connections")
    void argv_eachConnectionSetting_optionFileFirstThenOptionsThenConnectionThenDatabase(MysqlConfig config) {
        List<String> expected = new ArrayList<>(List.of("/usr/bin/mariadb-dump", "--defaults-extra-file=/etc/x.cnf",
                "--single-transaction"));
        if (config.host() != null) {
            expected.add("--host=db.example");
        }
        if (config.port() != null) {
            expected.add("--port=3307");
        }
        if (config.socket() != null) {
            expected.add("--socket=/run/mysqld/other.sock");
        }
        if (config.user() != null) {
            expected.add("--user=backup");
        }
        expected.addAll(List.of("--", "-shop"));

        List<String> argv = client(config).argv(Path.of("/usr/bin/mariadb-dump"), Path.of("/etc/x.cnf"),
                List.of("--single-transaction"), "-shop");

        assertThat(argv).containsExactlyElementsOf(expected);
    }

    @Test
    void argv_noOptionFileNoDatabase_neitherArgument() {
        List<String> argv = client(config(null, null, null, "backup", null, null))
                .argv(Path.of("mariadb"), null, List.of("--batch"), null);

        assertThat(argv).containsExactly("mariadb", "--batch", "--user=backup");
    }

    @Test
    void command_passwordEnv_passwordOnlyInAPrivateOptionFileDeletedOnClose() throws Exception {
        MysqlConfig config = config("db.example", 3306, null, "backup", null, "PW");
        Path optionFile;
        try (ClientCommand command = client(config).command(Path.of("mariadb-dump"), List.of("--quick"), "shop", dir)) {
            optionFile = command.credentials().path();

            assertThat(command.spec().argv()).containsExactly("mariadb-dump",
                    "--defaults-extra-file=" + optionFile.toAbsolutePath(), "--quick", "--host=db.example",
                    "--port=3306", "--user=backup", "--", "shop");
            assertThat(String.join(" ", command.spec().argv())).doesNotContain("pw ");
            assertThat(command.spec().environment()).isEmpty();
            assertThat(optionFile.getParent()).isEqualTo(dir);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(optionFile))).isEqualTo("rw-------");
            assertThat(Files.readString(optionFile)).isEqualTo(MysqlOptionFile.content(PASSWORD, null))
                    .contains("password=\"pw \\\"q\\\" 'a' $HOME #c \\\\ end\"");
        }
        assertThat(optionFile).doesNotExist();
    }

    @Test
    void command_passwordEnvAndDefaultsFile_generatedFileIncludesTheConfiguredOne() throws Exception {
        Path cnf = dir.resolve("my.cnf");
        try (ClientCommand command = client(config(null, null, null, null, cnf, "PW"))
                .command(Path.of("mariadb"), List.of(), null, dir)) {
            assertThat(Files.readString(command.credentials().path())).startsWith("!include " + cnf.toAbsolutePath()
                    + "\n[client]\n");
            assertThat(command.spec().argv()).containsExactly("mariadb",
                    "--defaults-extra-file=" + command.credentials().path().toAbsolutePath());
        }
    }

    @Test
    void command_defaultsFileOnly_passedAsItIsAndNothingWritten() throws Exception {
        Path cnf = dir.resolve("conf/my.cnf");
        try (ClientCommand command = client(config(null, null, null, null, cnf, null))
                .command(Path.of("mariadb"), List.of(), null, dir)) {
            assertThat(command.credentials()).isNull();
            assertThat(command.spec().argv()).containsExactly("mariadb", "--defaults-extra-file=" + cnf.toAbsolutePath());
            assertThat(command.spec().secrets()).isEmpty();
        }
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void command_noCredentialsConfigured_noOptionFileArgument() throws Exception {
        try (ClientCommand command = client(config(null, null, null, null, null, null))
                .command(Path.of("mariadb"), List.of("--batch"), "shop", dir)) {
            assertThat(command.credentials()).isNull();
            assertThat(command.spec().argv()).containsExactly("mariadb", "--batch", "--", "shop");
        }
    }

    @Test
    void command_passwordInAnArgument_maskedWhereverTheCommandIsShown() throws Exception {
        MysqlConfig config = config(null, null, null, PASSWORD, null, "PW");
        try (ClientCommand command = client(config).command(Path.of("mariadb"), List.of(), null, dir)) {
            assertThat(command.spec().secrets()).containsExactly(PASSWORD);
            assertThat(command.spec().render()).doesNotContain(PASSWORD).doesNotContain("pw ")
                    .contains("--user=****");
        }
    }

    @Test
    void command_passwordVariableUnset_failsNamingItAndWritesNothing() throws Exception {
        MysqlClient client = new MysqlClient(config(null, null, null, null, null, "PW"), name -> null);

        assertThatThrownBy(() -> client.command(Path.of("mariadb"), List.of(), null, dir))
                .isInstanceOf(PreflightException.class)
                .hasMessage("source appdb: password_env: environment variable PW is not set");
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void sqlCommand_sqlOnStandardInputWithBatchOutput() throws Exception {
        Path sql = dir.resolve("q.sql");
        try (ClientCommand command = client(config(null, null, null, null, null, null)).sqlCommand("shop", sql, dir)) {
            assertThat(command.spec().stdin()).isEqualTo(sql);
            assertThat(command.spec().argv()).endsWith("--batch", "--skip-column-names",
                    "--default-character-set=utf8mb4", "--", "shop");
        }
    }

    @Test
    void checkCredentials_defaultsFileReadableByOthersOrWithLineBreak_refused() throws Exception {
        Path shared = Files.writeString(dir.resolve("shared.cnf"), "[client]\n");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> client(config(null, null, null, null, shared, null)).checkCredentials())
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("source appdb: defaults_file:").hasMessageContaining("chmod 600 " + shared);
        assertThatThrownBy(() -> client(config(null, null, null, null, Path.of("/etc/a\nb.cnf"), null)).checkCredentials())
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("must not contain a line break in its path");
    }

    @Test
    void fieldsAndValue_batchEscapesUndoneAfterSplittingAtTabs() {
        MysqlClient client = client(config(null, null, null, null, null, null));

        assertThat(client.fields("a\\tb\tc\\\\d\\n\t")).containsExactly("a\tb", "c\\d\n", "");
        assertThat(client.value("x\\0y\\\\")).isEqualTo("x\0y\\");
    }

    private static MysqlClient client(MysqlConfig config) {
        return new MysqlClient(config, name -> name.equals("PW") ? PASSWORD : null);
    }

    static MysqlConfig config(String host, Integer port, Path socket, String user, Path defaultsFile,
                                     String passwordEnv) {
        return new MysqlConfig("appdb", ByteSize.ofBytes(1), "shop", defaultsFile, host, port, socket, user,
                passwordEnv, null, Duration.ofMinutes(1));
    }
}
