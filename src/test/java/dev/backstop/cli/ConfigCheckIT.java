package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.Json;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.target.sftp.TestSshd;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backstop config check} with the packaged jar: a configuration it calls valid is one the
 * run does not refuse, and what the run would refuse it reports in the run's own words, exit 2.
 */
class ConfigCheckIT {

    @TempDir
    Path dir;

    private final String db = "bs_cc_" + Long.toHexString(System.nanoTime());

    @Test
    void check_defaultsFileMode0644_exitsTwoWithTheRunsMessage_andTheRunExitsFourWithIt() throws Exception {
        Path cnf = Files.writeString(dir.resolve("mysql.cnf"), "[client]\nuser=backup\n");
        Files.setPosixFilePermissions(cnf, PosixFilePermissions.fromString("rw-r--r--"));
        Path config = config("""
                  - name: appdb
                    type: mysql
                    database: shop
                    defaults_file: %s
                """.formatted(cnf));
        String message = "backstop: source appdb: defaults_file: " + cnf + " has mode 0644 (rw-r--r--): it holds"
                + " credentials and may be read or written by other users, so it is refused; fix it with: chmod 600 "
                + cnf;

        BackstopProcess.Result check = BackstopProcess.run("config", "check", "--config", config.toString());
        BackstopProcess.Result json = BackstopProcess.run("config", "check", "--json", "--config", config.toString());
        BackstopProcess.Result run = BackstopProcess.run("run", "--config", config.toString());

        assertThat(check.exitCode()).as(check.all()).isEqualTo(2);
        assertThat(check.err().lines()).contains(message);
        assertThat(check.out()).contains("defaults_file: " + cnf).contains(": invalid, 1 problem(s)");
        assertThat(json.exitCode()).isEqualTo(2);
        JsonNode result = Json.mapper().readTree(json.out());
        assertThat(result.get("outcome").asText()).isEqualTo("invalid");
        assertThat(result.get("errors")).extracting(JsonNode::asText).containsExactly(message.substring(10));
        assertThat(run.exitCode()).as(run.all()).isEqualTo(4);
        assertThat(run.err().lines()).contains(message);
    }

    @Test
    void check_defaultsFileMissing_exitsTwo() throws Exception {
        Path missing = dir.resolve("absent.cnf");
        Path config = config("""
                  - name: appdb
                    type: mysql
                    database: shop
                    defaults_file: %s
                """.formatted(missing));

        BackstopProcess.Result check = BackstopProcess.run("config", "check", "--config", config.toString());

        assertThat(check.exitCode()).as(check.all()).isEqualTo(2);
        assertThat(check.err().lines()).contains("backstop: source appdb: defaults_file: " + missing + " does not exist");
    }

    @Test
    void check_goodConfiguration_printsItResolvedAndValid() throws Exception {
        Files.createDirectory(dir.resolve("www"));
        Path config = config("""
                  - name: www
                    type: files
                    paths: [www]
                """);

        BackstopProcess.Result check = BackstopProcess.run("config", "check", "--config", config.toString());

        assertThat(check.exitCode()).as(check.all()).isZero();
        assertThat(check.out()).contains("type: files").contains("paths:").endsWith(config + ": valid\n");
        assertThat(check.err()).isEmpty();
        assertThat(dir.resolve("state")).as("the check creates nothing").doesNotExist();
    }

    @Test
    void check_psqlNotOnPath_warnsAndStaysValid() throws Exception {
        Path pgDump = ProcessRunner.findOnPath("pg_dump").orElseThrow(() -> new AssertionError("pg_dump is installed"));
        Path emptyPath = Files.createDirectory(dir.resolve("bin"));
        Path config = config("""
                  - name: shopdb
                    type: postgres
                    database: shop
                    dump_command: %s
                """.formatted(pgDump));

        BackstopProcess.Result check = BackstopProcess.run(Map.of("PATH", emptyPath.toString()), List.of(),
                "config", "check", "--config", config.toString());

        assertThat(check.exitCode()).as(check.all()).isZero();
        assertThat(check.err().lines()).containsExactly("backstop: warning: source shopdb: no psql found on PATH;"
                + " install the PostgreSQL client (restore tests and restores need it)");
        assertThat(check.out()).endsWith(": valid, 1 warning(s)\n");
    }

    @Test
    @RequiresService({Services.MariaDb.class, Services.Sshd.class})
    void checkConnect_refusedLoginAndUnpinnedHostKey_exitsTwoWhereTheOfflineCheckSawNothing() throws Exception {
        Shell.ok("mariadb -uroot -e 'CREATE DATABASE " + db + "'");
        Path unpinned = Files.writeString(dir.resolve("known_hosts"), "");
        String source = """
                  - name: appdb
                    type: mysql
                    database: %s
                """.formatted(db);
        Path good = config(source, TestSshd.targetYaml(TestSshd.PORT, TestSshd.KNOWN_HOSTS, TestSshd.PATH));
        Path bad = config(source + "    user: bs_no_such_user\n", TestSshd.targetYaml(TestSshd.PORT, unpinned,
                TestSshd.PATH));

        BackstopProcess.Result goodCheck = BackstopProcess.run("config", "check", "--connect", "--config",
                good.toString());
        BackstopProcess.Result badOffline = BackstopProcess.run("config", "check", "--config", bad.toString());
        BackstopProcess.Result badCheck = BackstopProcess.run("config", "check", "--connect", "--config",
                bad.toString());

        assertThat(goodCheck.exitCode()).as(goodCheck.all()).isZero();
        assertThat(badOffline.exitCode()).as(badOffline.all()).isZero();
        assertThat(badCheck.exitCode()).as(badCheck.all()).isEqualTo(2);
        assertThat(badCheck.err().lines().filter(l -> l.startsWith("backstop: ")).toList()).satisfiesExactly(
                login -> assertThat(login).startsWith("backstop: source appdb: ").contains("bs_no_such_user"),
                hostKey -> assertThat(hostKey).startsWith("backstop: target 'nas' (sftp)")
                        .contains("is unknown: " + unpinned));
        assertThat(badCheck.err()).contains("Access denied for user 'bs_no_such_user'");
    }

    @AfterEach
    void dropDatabase() throws Exception {
        Shell.run("mariadb -uroot -e 'DROP DATABASE IF EXISTS " + db + "'");
    }

    private Path config(String sources) throws Exception {
        return config(sources, """
                  - name: local
                    type: local
                    path: %s
                """.formatted(dir.resolve("backups")));
    }

    private Path config(String sources, String targets) throws Exception {
        Path config = dir.resolve("backstop-" + System.nanoTime() + ".yml");
        Files.writeString(config, """
                host: it-host
                state_dir: %s
                sources:
                %s
                targets:
                %s""".formatted(dir.resolve("state"), sources, targets));
        return config;
    }
}
