package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup account of the README (SELECT, SHOW VIEW, TRIGGER, EVENT and mysql.proc, no more):
 * restore tests pass on a disposable server without a single connection to production, and a
 * restore or a test on the source's server that lacks CREATE exits 4 with the GRANT to add.
 */
@RequiresService({Services.MariaDb.class, Services.MariaDbServerBinaries.class, Services.Root.class})
class LeastPrivilegeRestoreIT {

    @TempDir
    Path dir;
    private final String suffix = Long.toHexString(System.nanoTime());
    private final String db = "bs_lp_" + suffix;
    private final String backupUser = "bslpb_" + suffix.substring(suffix.length() - 8);
    private final String restoreUser = "bslpr_" + suffix.substring(suffix.length() - 8);

    @AfterEach
    void dropWhatThisTestCreated() throws Exception {
        Shell.run("mariadb -uroot -e \"DROP DATABASE IF EXISTS " + db + "; DROP DATABASE IF EXISTS " + db + "_r;"
                + " DROP USER IF EXISTS '" + backupUser + "'@'localhost'; DROP USER IF EXISTS '" + restoreUser
                + "'@'localhost'\"");
    }

    @Test
    void backupAccountOfTheReadme_restoreTestOnDisposableServer_passesWithoutTouchingProduction() throws Exception {
        // given the README's grants and a backup of them
        Shell.ok("mariadb -uroot -e \"CREATE DATABASE " + db + "; USE " + db + ";"
                + " CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(50)); INSERT INTO users VALUES (1,'a'),(2,'b');"
                + " CREATE TABLE events (id INT); INSERT INTO events SELECT seq FROM seq_1_to_5000;"
                + " CREATE USER '" + backupUser + "'@'localhost' IDENTIFIED BY 'b-pw';"
                + " GRANT SELECT, SHOW VIEW, TRIGGER, EVENT ON " + db + ".* TO '" + backupUser + "'@'localhost';"
                + " GRANT SELECT ON mysql.proc TO '" + backupUser + "'@'localhost';\"");
        Path config = config(account("backup.cnf", backupUser, "b-pw"), "");
        assertThat(backstop(config, "run").exitCode()).isZero();

        // when a restore test runs while production is watched
        List<String> seen = new ArrayList<>();
        Path logs = Files.createDirectory(dir.resolve("logs"));
        Process p = BackstopProcess.start(logs, Map.of(), List.of(), "restore-test", "--config", config.toString());
        while (p.isAlive()) {
            seen.add(Shell.ok("mariadb -uroot -N -e \"SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE"
                    + " SCHEMA_NAME LIKE 'backstop\\_rt\\_%'; SELECT USER FROM information_schema.PROCESSLIST WHERE"
                    + " USER = '" + backupUser + "'\"").trim());
            Thread.sleep(20);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // then
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(logs)) {
            for (Path f : files.toList()) {
                out.append(Files.readString(f));
            }
        }
        assertThat(p.exitValue()).as(out.toString()).isZero();
        assertThat(out.toString()).contains("started disposable server").contains("appdb (mysql): loaded into scratch database"
                + " backstop_rt_").contains("restore-test OK");
        assertThat(seen).as("production seen during the test").isNotEmpty().allMatch(String::isEmpty);
        assertThat(dir.resolve("state/restore-server/mysql")).doesNotExist();
        assertThat(backstop(config, "status").out()).startsWith("BACKSTOP OK").contains("restore test passed");

        // and a restore into a new database with the backup account: exit 4 with the GRANT, nothing written
        BackstopProcess.Result refused = backstop(config, "restore", "--backup", backupId(), "--to", dir.resolve("r1").toString(),
                "--database", "appdb=" + db + "_r");
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(4);
        assertThat(refused.err()).contains("GRANT ALL ON `" + db + "_r`.*").doesNotContain("internal error")
                .doesNotContain("\tat ");
        assertThat(Shell.ok("mariadb -uroot -N -e \"SHOW DATABASES LIKE '" + db + "\\_r'\"").trim()).isEmpty();

        // and with a restore account of its own: rows equal
        Shell.ok("mariadb -uroot -e \"CREATE USER '" + restoreUser + "'@'localhost' IDENTIFIED BY 'r-pw';"
                + " GRANT ALL ON \\`" + db + "_r\\`.* TO '" + restoreUser + "'@'localhost'\"");
        Path withRestoreAccount = config(account("backup.cnf", backupUser, "b-pw"),
                "    restore_test: {defaults_file: " + account("restore.cnf", restoreUser, "r-pw") + "}\n");
        BackstopProcess.Result restored = backstop(withRestoreAccount, "restore", "--backup", backupId(), "--to", dir.resolve("r2").toString(),
                "--database", "appdb=" + db + "_r");
        assertThat(restored.exitCode()).as(restored.all()).isZero();
        assertThat(Shell.ok("mariadb -uroot -N -e 'SELECT COUNT(*) FROM " + db + "_r.events'").trim()).isEqualTo("5000");

        // and a restore test on the source's server with the backup account: exit 4 naming the grant
        Path onSource = config(account("backup.cnf", backupUser, "b-pw"), "    restore_test: {server: source}\n");
        BackstopProcess.Result noCreate = backstop(onSource, "restore-test");
        assertThat(noCreate.exitCode()).as(noCreate.all()).isEqualTo(4);
        assertThat(noCreate.err()).contains("restore-test could not run").contains("GRANT ALL ON `backstop_rt_");
        BackstopProcess.Result status = backstop(onSource, "status");
        assertThat(status.exitCode()).as(status.all()).isEqualTo(1);
        assertThat(status.out()).startsWith("BACKSTOP WARNING").contains("restore test could not run")
                .contains("GRANT ALL ON `backstop_rt_").doesNotContain("CRITICAL");
    }

    private String backupId() throws Exception {
        try (var sets = Files.walk(dir.resolve("backups/lp-host"), 4)) {
            return sets.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{8}T\\d{6}Z")).findFirst()
                    .orElseThrow();
        }
    }

    private Path account(String file, String user, String password) throws Exception {
        Path cnf = dir.resolve(file);
        Files.writeString(cnf, "[client]\nuser=" + user + "\npassword=" + password + "\n");
        Files.setPosixFilePermissions(cnf, PosixFilePermissions.fromString("rw-------"));
        return cnf;
    }

    private Path config(Path defaultsFile, String restoreTest) throws Exception {
        Path config = dir.resolve("backstop-" + System.nanoTime() + ".yml");
        Files.writeString(config, """
                host: lp-host
                state_dir: %s
                sources:
                  - name: appdb
                    type: mysql
                    database: %s
                    defaults_file: %s
                %stargets:
                  - name: local
                    type: local
                    path: %s
                """.formatted(dir.resolve("state"), db, defaultsFile, restoreTest, dir.resolve("backups")));
        return config;
    }

    private static BackstopProcess.Result backstop(Path config, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(config.toString());
        return BackstopProcess.run(all.toArray(String[]::new));
    }
}
