package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary password with quotes, {@code $}, {@code #} and spaces, given through password_env,
 * must never appear in anything backstop writes: output, logs, history, manifest, backup files.
 */
class SecretsIT {

    private static final String CANARY = "c4n\"ary 'pw' $HOME #x";

    @TempDir
    Path dir;

    private final String suffix = Long.toHexString(System.nanoTime());
    private final String db = "bs_sec_" + suffix;
    private final String user = "bs_sec_" + suffix;

    @AfterEach
    void cleanUp() throws Exception {
        Shell.run("mariadb -uroot -e \"DROP DATABASE IF EXISTS " + db + "; DROP USER IF EXISTS '" + user + "'@'localhost'\"");
    }

    @Test
    @RequiresService(Services.MariaDb.class)
    void run_withCanaryPassword_neverWritesItAnywhere() throws Exception {
        Path sql = dir.resolve("setup.sql");
        Files.writeString(sql, "CREATE DATABASE " + db + "; CREATE TABLE " + db + ".t (id INT); INSERT INTO " + db
                + ".t VALUES (1),(2);\nCREATE USER '" + user + "'@'localhost' IDENTIFIED BY '"
                + CANARY.replace("\\", "\\\\").replace("'", "\\'") + "';\nGRANT SELECT, LOCK TABLES, SHOW VIEW, EVENT,"
                + " TRIGGER ON " + db + ".* TO '" + user + "'@'localhost';\nGRANT SELECT ON mysql.proc TO '" + user
                + "'@'localhost';\n", StandardCharsets.UTF_8);
        Shell.ok("mariadb -uroot < '" + sql + "'");
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: it-host
                state_dir: state
                sources:
                  - name: appdb
                    type: mysql
                    database: %s
                    user: %s
                    password_env: APP_DB_PASSWORD
                targets:
                  - name: local
                    type: local
                    path: backups
                """.formatted(db, user));

        BackstopProcess.Result good = BackstopProcess.run(Map.of("APP_DB_PASSWORD", CANARY), List.of(),
                "run", "--json", "--config", config.toString());
        BackstopProcess.Result bad = BackstopProcess.run(Map.of("APP_DB_PASSWORD", CANARY + "-wrong"), List.of(),
                "run", "--config", config.toString());
        BackstopProcess.Result check = BackstopProcess.run(Map.of("APP_DB_PASSWORD", CANARY), List.of(),
                "config", "check", "--config", config.toString());

        assertThat(good.exitCode()).as(good.all()).isZero();
        assertThat(bad.exitCode()).as(bad.all()).isEqualTo(5);
        assertThat(bad.err()).contains("Access denied");
        assertThat(check.out()).contains("APP_DB_PASSWORD (set)");
        for (BackstopProcess.Result r : List.of(good, bad, check)) {
            assertThat(r.all()).doesNotContain(CANARY).doesNotContain("c4n\"ary");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.equals(sql)) {
                    continue;
                }
                byte[] content = f.toString().endsWith(".gz")
                        ? new java.util.zip.GZIPInputStream(Files.newInputStream(f)).readAllBytes()
                        : Files.readAllBytes(f);
                assertThat(new String(content, StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain("c4n\"ary").doesNotContain("c4n\\\"ary");
            }
        }
    }
}
