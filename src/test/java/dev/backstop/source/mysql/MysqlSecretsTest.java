package dev.backstop.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ByteSize;
import dev.backstop.core.SourceFacts;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.ProcessSpec;
import dev.backstop.source.DumpFixture;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A canary password with every character that breaks naive quoting never leaves its private file. */
@RequiresService(Services.MariaDb.class)
class MysqlSecretsTest {

    static final String CANARY = " ca\"na'ry $HOME #not-a-comment \\n back\\\\slash  two spaces ";

    @TempDir
    Path dir;

    private final String suffix = DumpFixture.suffix();
    private final String db = "bstest_" + suffix;
    private final String user = "bsu_" + suffix;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void createDatabaseAndUser() throws Exception {
        MariaDb.sql(null, "CREATE DATABASE `" + db + "`; USE `" + db + "`;"
                + "CREATE TABLE t (id INT PRIMARY KEY, s TEXT);"
                + "INSERT INTO t SELECT seq, REPEAT('y', 200) FROM seq_1_to_3000;"
                + "CREATE USER '" + user + "'@'localhost' IDENTIFIED BY " + MariaDb.literal(CANARY) + ";"
                + "GRANT ALL ON `" + db + "`.* TO '" + user + "'@'localhost';");
    }

    @AfterEach
    void dropEverything() throws Exception {
        MariaDb.sql(null, "DROP USER IF EXISTS '" + user + "'@'localhost'; DROP DATABASE IF EXISTS `" + db + "`;");
    }

    @Test
    void dump_canaryPassword_worksAndNeverReachesArgvOrEnvironment() throws Exception {
        Path wrapper = Files.writeString(dir.resolve("spy-dump"), "#!/bin/sh\n"
                + "cat /proc/$$/cmdline > '" + dir + "/cmdline'\n"
                + "cat /proc/$$/environ > '" + dir + "/environ'\n"
                + "for a in \"$@\"; do case \"$a\" in --defaults-extra-file=*)"
                + " stat -c %a \"${a#--defaults-extra-file=}\" > '" + dir + "/mode';; esac; done\n"
                + "exec mariadb-dump \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        MysqlSource source = source(db, wrapper.toString());

        SourceFacts facts = dump(source);

        assertThat(facts.tableRows()).containsEntry("t", 3000L);
        String cmdline = Files.readString(dir.resolve("cmdline"), StandardCharsets.UTF_8);
        assertThat(cmdline).contains("--defaults-extra-file=").contains("--user=" + user).doesNotContain(CANARY)
                .doesNotContain("ca\"na'ry");
        assertThat(Files.readString(dir.resolve("environ"), StandardCharsets.UTF_8)).doesNotContain("ca\"na'ry");
        assertThat(Files.readString(dir.resolve("mode")).strip()).isEqualTo("600");
        assertThat(warnings).allSatisfy(w -> assertThat(w).doesNotContain("ca\"na'ry"));
    }

    @Test
    void dump_canaryPasswordAndFailure_messageCarriesNoSecret() {
        MysqlSource source = source(db + "_missing", null);

        assertThatThrownBy(() -> dump(source))
                .hasMessageContaining(db + "_missing")
                .hasMessageNotContaining("ca\"na'ry");
    }

    @Test
    void render_specWithCanarySecret_masksIt() {
        ProcessSpec spec = ProcessSpec.of("tool", "--password=" + CANARY, "x").withSecret(CANARY);

        assertThat(spec.render()).doesNotContain("ca\"na'ry").contains("--password=****");
    }

    private MysqlSource source(String database, String dumpCommand) {
        MysqlConfig config = new MysqlConfig("appdb", ByteSize.ofBytes(1), database, null, null, null,
                null, user, "APPDB_PASSWORD", dumpCommand, Duration.ofMinutes(1));
        return new MysqlSource(config, new ProcessRunner(), name -> name.equals("APPDB_PASSWORD") ? CANARY : null);
    }

    private SourceFacts dump(MysqlSource source) throws Exception {
        return DumpFixture.dump(source, dir.resolve("dump.sql"), dir, warnings);
    }
}
