package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import dev.backstop.verify.ScratchNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server: source}: a restore test drops the scratch databases that a killed test left on
 * the production server once they are older than any test runs, and nothing else: not a young
 * one (a test running from another host), not a name of another pattern.
 */
@RequiresService(Services.MariaDb.class)
class ScratchSweepIT {

    @TempDir
    Path dir;
    private final String suffix = Long.toHexString(System.nanoTime());
    private final String db = "i1618_sweep_" + suffix;
    private final String old = ScratchNames.database(ScratchNames.runId(Instant.now().minus(Duration.ofHours(10))),
            "i1618_" + suffix);
    private final String young = ScratchNames.database(ScratchNames.runId(Instant.now().minus(Duration.ofMinutes(10))),
            "i1618_" + suffix);
    private final String other = ScratchNames.PREFIX + "i1618_" + suffix;

    @AfterEach
    void dropWhatThisTestCreated() throws Exception {
        Shell.run("mariadb -uroot -e 'DROP DATABASE IF EXISTS " + db + "; DROP DATABASE IF EXISTS " + old
                + "; DROP DATABASE IF EXISTS " + young + "; DROP DATABASE IF EXISTS " + other + "'");
    }

    @Test
    void restoreTestOnTheSourceServer_dropsOnlyStaleScratchDatabasesOfItsPattern() throws Exception {
        // given a backup, and three databases with the scratch prefix on the production server
        Shell.ok("mariadb -uroot -e \"CREATE DATABASE " + db + "; CREATE TABLE " + db + ".t (id INT);"
                + " INSERT INTO " + db + ".t VALUES (1)\"");
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: sweep-host
                state_dir: %s
                sources:
                  - name: appdb
                    type: mysql
                    database: %s
                    restore_test: {server: source}
                targets:
                  - name: local
                    type: local
                    path: %s
                """.formatted(dir.resolve("state"), db, dir.resolve("backups")));
        assertThat(BackstopProcess.run("run", "--config", config.toString()).exitCode()).isZero();
        Shell.ok("mariadb -uroot -e 'CREATE DATABASE " + old + "; CREATE DATABASE " + young + "; CREATE DATABASE "
                + other + "'");

        // when
        BackstopProcess.Result r = BackstopProcess.run("restore-test", "--config", config.toString());

        // then the stale one is dropped and counted, the others are left alone and said so
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.err()).contains("dropped scratch database " + old + " left by an earlier, interrupted restore test")
                .contains("left scratch database " + young + " alone").contains("left scratch database " + other + " alone");
        assertThat(r.out()).contains("restore-test OK").contains("removed 1 leftover(s) of an earlier test");
        assertThat(production()).doesNotContain(old).contains(young, other);
    }

    private String production() throws Exception {
        return Shell.ok("mariadb -uroot -N -e \"SHOW DATABASES LIKE 'backstop\\_rt\\_%" + suffix + "%'\"");
    }
}
