package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.history.HistoryStore;
import dev.backstop.history.VerificationRecord;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup host with the client tools but no server binaries for the disposable server (here: a
 * configured {@code restore_test.binaries} directory that is empty): the restore test could not
 * run, which is a problem of the machine, not of the backup.
 */
@RequiresService(Services.MariaDb.class)
class MissingServerBinariesIT {

    @TempDir
    Path dir;
    private final String db = "i1618_nobin_" + Long.toHexString(System.nanoTime());

    @AfterEach
    void dropDatabase() throws Exception {
        Shell.run("mariadb -uroot -e 'DROP DATABASE IF EXISTS " + db + "'");
    }

    @Test
    void restoreTest_noServerBinaries_exitsFourNamingWhatIsMissing_statusWarning_historySaysNotRun() throws Exception {
        // given a good backup, and an empty directory as the only place for server binaries
        Shell.ok("mariadb -uroot -e \"CREATE DATABASE " + db + "; CREATE TABLE " + db + ".t (id INT);"
                + " INSERT INTO " + db + ".t VALUES (1),(2)\"");
        Path empty = Files.createDirectory(dir.resolve("no-server-bin"));
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: nobin-host
                state_dir: %s
                sources:
                  - name: appdb
                    type: mysql
                    database: %s
                    restore_test: {binaries: %s}
                targets:
                  - name: local
                    type: local
                    path: %s
                """.formatted(dir.resolve("state"), db, empty, dir.resolve("backups")));
        BackstopProcess.Result run = BackstopProcess.run("run", "--config", config.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();

        // when
        BackstopProcess.Result test = BackstopProcess.run("restore-test", "--config", config.toString());

        // then exit 4 with one message that names what is missing, where it was looked for, and the fix
        assertThat(test.exitCode()).as(test.all()).isEqualTo(4);
        assertThat(test.err()).contains("restore-test could not run: restore tests run on a disposable server, but no"
                + " MariaDB or MySQL server binary (mariadbd, mysqld) is in " + empty + " (restore_test.binaries)")
                .contains("mariadb-server").doesNotContain("\tat ");
        assertThat(dir.resolve("state/restore-server/mysql")).doesNotExist();

        // and status is WARNING, not a failure of the backup
        BackstopProcess.Result status = BackstopProcess.run("status", "--config", config.toString());
        assertThat(status.exitCode()).as(status.all()).isEqualTo(1);
        assertThat(status.out()).startsWith("BACKSTOP WARNING").contains("restore test could not run")
                .contains("mariadbd").doesNotContain("CRITICAL");

        // and history says the test did not run, against no backup
        try (HistoryStore history = HistoryStore.open(dir.resolve("state/history.db"))) {
            VerificationRecord rt = history.recentVerifications(VerificationRecord.RESTORE_TEST, 1).get(0);
            assertThat(rt.outcome()).isEqualTo("not run");
            assertThat(rt.backupId()).isNull();
            assertThat(rt.servers()).isNull();
            assertThat(rt.findings()).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo("WARNING");
                assertThat(f.problem()).contains("mariadbd").contains(empty.toString());
            });
        }

        // and config check warns, but the configuration stays valid
        BackstopProcess.Result check = BackstopProcess.run("config", "check", "--config", config.toString());
        assertThat(check.exitCode()).as(check.all()).isZero();
        assertThat(check.err()).contains("backstop: warning: source appdb: restore tests run on a disposable server,"
                + " but no MariaDB or MySQL server binary (mariadbd, mysqld) is in " + empty);
        assertThat(check.out()).endsWith(": valid, 1 warning(s)\n");
    }
}
