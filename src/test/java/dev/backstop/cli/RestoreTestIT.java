package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backstop.core.Json;
import dev.backstop.core.Sha256;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.VerificationRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code backstop restore-test} and {@code restore} end to end against the real database servers. */
class RestoreTestIT extends WithBackupFixture {

    @ParameterizedTest
    @EnumSource(BackupFixture.Storage.class)
    void restoreTest_goodBackup_matchesManifestLeavesNothingAndRecordsRto(BackupFixture.Storage storage) throws Exception {
        // given
        on(storage);
        Path set = fixture.backup();

        // when
        BackstopProcess.Result r = fixture.backstop("restore-test");

        // then
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("restore-test OK: backup " + set.getFileName() + " from " + fixture.target
                        + ": 5 component(s)")
                .contains("appdb (mysql): loaded into scratch database backstop_rt_")
                .contains("3 tables, 20005 rows")
                .contains("pgdb (postgres): loaded into scratch database backstop_rt_")
                .contains("application (files): extracted")
                .contains("restore time")
                .containsPattern("loaded on mysql: disposable mariadbd Ver \\d+\\.\\d+[^,]*MariaDB[^,]*, postgres: disposable"
                        + " postgres \\(PostgreSQL\\) \\d+");
        assertThat(scratchDatabases()).isEmpty();
        assertThat(dir.resolve("state/restore-test")).isEmptyDirectory();
        try (HistoryStore history = HistoryStore.open(dir.resolve("state/history.db"))) {
            VerificationRecord rt = history.recentVerifications(VerificationRecord.RESTORE_TEST, 1).get(0);
            assertThat(rt.outcome()).isEqualTo("ok");
            assertThat(rt.backupId()).isEqualTo(set.getFileName().toString());
            assertThat(rt.restoreMs()).isPositive();
            assertThat(rt.servers()).as("the servers it loaded into, kind and version")
                    .matches("mysql: disposable mariadbd Ver \\d+\\.\\d+.*; postgres: disposable postgres \\(PostgreSQL\\) \\d+.*");
        }
    }

    @ParameterizedTest
    @EnumSource(BackupFixture.Storage.class)
    void restoreTest_flippedByteOnTheStorage_isCaughtNamedAndLeavesNothing(BackupFixture.Storage storage) throws Exception {
        // given a backup with one bit flipped in the MariaDB dump where it is stored
        on(storage);
        Path set = fixture.backup();
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(set.resolve("appdb.sql.gz").toFile(), "rw")) {
            f.seek(100);
            int b = f.read();
            f.seek(100);
            f.write(b ^ 0x01);
        }

        // when
        BackstopProcess.Result r = fixture.backstop("restore-test");

        // then
        assertThat(r.exitCode()).as(r.all()).isEqualTo(6);
        assertThat(r.out()).contains("ERROR " + fixture.target + " " + set.getFileName() + " appdb.sql.gz: ")
                .contains("restore-test FAILED (1 problem(s))");
        assertThat(scratchDatabases()).isEmpty();
        assertThat(dir.resolve("state/restore-test")).isEmptyDirectory();
    }

    @Test
    void restoreTest_sigtermWhileLoading_dropsScratchRemovesFilesAndExits143() throws Exception {
        // given a dump large enough that loading it takes seconds
        Shell.ok("mariadb -uroot -e \"USE " + fixture.mysqlDb + "; INSERT INTO events (payload)"
                + " SELECT REPEAT('y', 150) FROM seq_1_to_600000\"");
        fixture.backup();
        Process p = BackstopProcess.start(dir, Map.of(), java.util.List.of(), "restore-test", "--config",
                fixture.config.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (disposableScratch().isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(disposableScratch()).as("loading into a scratch database when the signal comes").startsWith("backstop_rt_");

        // when
        Shell.ok("kill -TERM " + p.pid());

        // then within the ten seconds of the signal watchdog, with the scratch space gone
        assertThat(p.waitFor(12, TimeUnit.SECONDS)).as("exited within 12 s of SIGTERM").isTrue();
        assertThat(p.exitValue()).isEqualTo(143);
        assertThat(scratchDatabases()).isEmpty();
        assertThat(dir.resolve("state/restore-test")).isEmptyDirectory();
        assertThat(dir.resolve("state/restore-server")).isEmptyDirectory();
        try (HistoryStore history = HistoryStore.open(dir.resolve("state/history.db"))) {
            assertThat(history.recentVerifications(VerificationRecord.RESTORE_TEST, 1).get(0).outcome())
                    .isEqualTo("interrupted");
        }
    }

    @Test
    void restoreTest_dumpWithoutATable_isARowCountMismatchThatVerifyCannotSee() throws Exception {
        // given a dump that lost table Order, with manifest hashes and sums rewritten to match it
        Path set = fixture.backup();
        Path dump = set.resolve("appdb.sql.gz");
        Shell.ok("zcat '" + dump + "' | sed -e '/^CREATE TABLE `Order`/,/;$/d' -e '/^INSERT INTO `Order`/,/;$/d' -e '/`Order`/d' | gzip > '" + dir.resolve("cut.gz") + "' && mv '"
                + dir.resolve("cut.gz") + "' '" + dump + "'");
        long raw = Long.parseLong(Shell.ok("zcat '" + dump + "' | wc -c").trim());
        ObjectNode manifest = (ObjectNode) Json.mapper().readTree(set.resolve("MANIFEST.json").toFile());
        for (var c : manifest.get("components")) {
            if (c.get("name").asText().equals("appdb")) {
                ((ObjectNode) c).put("bytes", Files.size(dump)).put("raw_bytes", raw)
                        .put("sha256", Sha256.of(Files.readAllBytes(dump)));
            }
        }
        Files.write(set.resolve("MANIFEST.json"), Json.mapper().writeValueAsBytes(manifest));
        Shell.ok("cd '" + set + "' && sha256sum appdb.sql.gz app.sqlite.gz application.tar.gz pgdb.sql.gz packages.txt.gz"
                + " > SHA256SUMS");
        assertThat(fixture.backstop("verify", "--read-data").exitCode()).isZero();

        // when
        BackstopProcess.Result r = fixture.backstop("restore-test");

        // then
        assertThat(r.exitCode()).as(r.all()).isEqualTo(6);
        assertThat(r.out()).contains("ERROR local " + set.getFileName() + " appdb.sql.gz: table Order is missing after"
                + " the restore; the manifest records it with 2 rows").contains("restore-test FAILED");
        assertThat(scratchDatabases()).isEmpty();
    }

    @Test
    void restoreTest_scratchLeftByKilledTest_isRemovedNextTime() throws Exception {
        // given a restore test killed with SIGKILL while its scratch database exists
        fixture.backup();
        Process p = BackstopProcess.start(dir, Map.of(), java.util.List.of(), "restore-test", "--config",
                fixture.config.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String left = "";
        while (left.isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            if (!disposableScratch().isEmpty()) {
                // stopped first, so that it cannot drop the database between the look and the kill
                Shell.ok("kill -STOP " + p.pid());
                left = disposableScratch();
                if (left.isEmpty()) {
                    Shell.ok("kill -CONT " + p.pid());
                }
            }
            Thread.sleep(20);
        }
        p.destroyForcibly().waitFor();
        assertThat(left).as("a scratch database existed when the test was killed").startsWith("backstop_rt_");
        assertThat(disposableScratch()).as("the disposable server outlives the killed test").isNotEmpty();

        // when
        BackstopProcess.Result r = fixture.backstop("restore-test");

        // then
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.err()).contains("removed disposable server " + dir.resolve("state/restore-server/mysql") + " (pid ");
        assertThat(scratchDatabases()).isEmpty();
        assertThat(dir.resolve("state/restore-test")).isEmptyDirectory();
        assertThat(dir.resolve("state/restore-server")).isEmptyDirectory();
        assertThat(ProcessHandle.allProcesses().filter(h -> h.info().arguments().map(a -> String.join(" ", a)
                .contains(dir.resolve("state").toString())).orElse(false)).toList()).as("no server of ours runs").isEmpty();
        assertThat(Shell.ok("mariadb -uroot -N -e 'SELECT COUNT(*) FROM " + fixture.mysqlDb + ".users'").trim()).isEqualTo("3");
    }

    @Test
    void restore_intoNewNames_restoresAndRefusesToOverwrite() throws Exception {
        // given
        Path set = fixture.backup();
        String id = set.getFileName().toString();
        Path to = dir.resolve("restored");

        // when
        BackstopProcess.Result r = fixture.backstop("restore", "--backup", id, "--to", to.toString(),
                "--database", "appdb=" + fixture.mysqlDb + "_r", "--database", "pgdb=" + fixture.pgDb + "_r");

        // then
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(Shell.ok("mariadb -uroot -N -e 'SELECT COUNT(*) FROM " + fixture.mysqlDb + "_r.events'").trim())
                .isEqualTo("20000");
        assertThat(Shell.ok("psql -h 127.0.0.1 -U postgres -w -At -d " + fixture.pgDb + "_r -c 'SELECT count(*) FROM items'")
                .trim()).isEqualTo("500");
        assertThat(Shell.ok("sqlite3 '" + to.resolve("app.db") + "' 'SELECT count(*) FROM t'").trim()).isEqualTo("3");
        assertThat(Shell.ok("find '" + to.resolve("application") + "' -name index.php")).contains("www/public/index.php");

        // and a second restore to the same place is refused, naming the directory
        BackstopProcess.Result again = fixture.backstop("restore", "--backup", id, "--to", to.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("--to " + to + " is not empty");
        BackstopProcess.Result existingDb = fixture.backstop("restore", "--backup", id, "--to", dir.resolve("new").toString(),
                "--database", "appdb=" + fixture.mysqlDb);
        assertThat(existingDb.exitCode()).isEqualTo(2);
        assertThat(existingDb.err()).contains("database " + fixture.mysqlDb + " already exists");
        assertThat(dir.resolve("new")).doesNotExist();
    }

    @Test
    void restore_databasesAlone_needNoDirectory() throws Exception {
        // given
        Path set = fixture.backup();
        String id = set.getFileName().toString();

        // when the databases alone are restored into new names, without --to
        BackstopProcess.Result r = fixture.backstop("restore", "--backup", id, "--only", "appdb,pgdb",
                "--database", "appdb=" + fixture.mysqlDb + "_r", "--database", "pgdb=" + fixture.pgDb + "_r");

        // then
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(Shell.ok("mariadb -uroot -N -e 'SELECT COUNT(*) FROM " + fixture.mysqlDb + "_r.events'").trim())
                .isEqualTo("20000");
        assertThat(Shell.ok("psql -h 127.0.0.1 -U postgres -w -At -d " + fixture.pgDb + "_r -c 'SELECT count(*) FROM"
                + " items'").trim()).isEqualTo("500");

        // and without --only, what would go to files is named, and nothing is restored
        String other = fixture.mysqlDb + "_r2";
        try {
            BackstopProcess.Result all = fixture.backstop("restore", "--backup", id, "--database", "appdb=" + other);
            assertThat(all.exitCode()).as(all.all()).isEqualTo(2);
            assertThat(all.err()).contains("--to DIR is missing: from backup " + id).contains("application")
                    .contains("--only appdb");
            assertThat(Shell.ok("mariadb -uroot -N -e \"SHOW DATABASES LIKE '" + other + "'\"").trim()).isEmpty();
        } finally {
            Shell.run("mariadb -uroot -e 'DROP DATABASE IF EXISTS " + other + "'");
        }
    }

    /** Scratch databases on the disposable MariaDB server of the test, while it runs. */
    private String disposableScratch() throws Exception {
        Path socket = dir.resolve("state/restore-server/mysql/server/mysqld.sock");
        if (!Files.exists(socket)) {
            return "";
        }
        Shell.Result r = Shell.run("mariadb --no-defaults -S '" + socket + "' -uroot -N -e \"SHOW DATABASES LIKE"
                + " 'backstop\\_rt\\_%'\"");
        return r.exitCode() == 0 ? r.output().trim() : "";
    }

    /** Scratch databases on the production servers: restore tests on disposable servers never make one. */
    private static String scratchDatabases() throws Exception {
        return (Shell.ok("mariadb -uroot -N -e \"SHOW DATABASES LIKE 'backstop\\_rt\\_%'\"")
                + Shell.ok("psql -h 127.0.0.1 -U postgres -w -At -d postgres -c "
                + "\"SELECT datname FROM pg_database WHERE datname LIKE 'backstop\\_rt\\_%'\"")).trim();
    }
}
