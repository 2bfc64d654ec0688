package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.Json;
import dev.backstop.core.RunOutcome;
import dev.backstop.history.HistoryStore;
import dev.backstop.notify.LocalHttpServer;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup account with a grant on one table only: mariadb-dump would exit 0 with its trailer and
 * without the other tables; {@code backstop run} must fail instead, say why and how to fix it, in
 * the log, the history and the notification, and pass once the suggested GRANTs are run.
 */
class MysqlPrivilegesIT {

    private static final String PASSWORD = "bk-pw-1";

    @TempDir
    Path dir;

    private final String suffix = Long.toHexString(System.nanoTime());
    private final String db = "bs_priv_" + suffix;
    private final String user = "bs_priv_" + suffix;
    private LocalHttpServer http;

    @BeforeEach
    void start() throws Exception {
        http = new LocalHttpServer();
    }

    @AfterEach
    void cleanUp() throws Exception {
        http.close();
        Shell.run("mariadb -uroot -e \"DROP DATABASE IF EXISTS " + db + "; DROP USER IF EXISTS '" + user + "'@'localhost'\"");
    }

    @Test
    @RequiresService(Services.MariaDb.class)
    void run_accountWithTableGrantOnly_exitsFiveWithTheGrantThatFixesIt() throws Exception {
        // given an account that may read one of two tables (and list events, so the tool itself would not fail)
        Shell.ok("mariadb -uroot -e \"CREATE DATABASE " + db + "; CREATE TABLE " + db + ".users (id INT);"
                + " INSERT INTO " + db + ".users VALUES (1),(2); CREATE TABLE " + db + ".orders (id INT);"
                + " INSERT INTO " + db + ".orders VALUES (7);"
                + " CREATE USER '" + user + "'@'localhost' IDENTIFIED BY '" + PASSWORD + "';"
                + " GRANT SELECT ON " + db + ".users TO '" + user + "'@'localhost';"
                + " GRANT EVENT ON " + db + ".* TO '" + user + "'@'localhost'\"");
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: it-host
                state_dir: state
                sources:
                  - name: appdb
                    type: mysql
                    database: %s
                    user: %s
                    password_env: APPDB_PASSWORD
                targets:
                  - name: local
                    type: local
                    path: backups
                notify:
                  - type: webhook
                    url: %s
                """.formatted(db, user, http.uri("/hook")));
        Map<String, String> env = Map.of("APPDB_PASSWORD", PASSWORD);

        // when
        BackstopProcess.Result run = BackstopProcess.run(env, List.of(), "run", "--config", config.toString());

        // then the run fails as a source failure, committing nothing, and every report says why
        assertThat(run.exitCode()).as(run.all()).isEqualTo(5);
        String grant = "GRANT SELECT, SHOW VIEW, TRIGGER ON `" + db + "`.* TO '" + user + "'@'localhost';";
        assertThat(run.err()).contains("source appdb: user '" + user + "'@'localhost' may not read all of database '"
                + db + "'").contains("it can list only `users`").contains(grant);
        assertThat(committedSets()).isEmpty();
        String reason;
        try (HistoryStore history = HistoryStore.open(dir.resolve("state/history.db"))) {
            var row = history.recentRuns(1).get(0);
            assertThat(row.outcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(row.exitCode()).isEqualTo(5);
            reason = row.reason();
        }
        assertThat(reason).contains("may not read all of database '" + db + "'").contains(grant);
        JsonNode hook = Json.mapper().readTree(http.requests().get(http.requests().size() - 1).body());
        assertThat(hook.get("outcome").asText()).isEqualTo("failed");
        assertThat(hook.get("exit_code").asInt()).isEqualTo(5);
        assertThat(hook.get("reason").asText()).contains(grant);

        // when the statements the message suggests are run as root
        String fix = reason.substring(reason.indexOf("run again: ") + "run again: ".length()).lines().findFirst()
                .orElseThrow();
        Path fixSql = Files.writeString(dir.resolve("fix.sql"), fix + "\n");
        Shell.ok("mariadb -uroot < '" + fixSql + "'");
        BackstopProcess.Result again = BackstopProcess.run(env, List.of(), "run", "--json", "--config", config.toString());

        // then the next run stores both tables
        assertThat(again.exitCode()).as(again.all()).isZero();
        JsonNode facts = Json.mapper().readTree(committedSets().get(0).toFile()).get("components").get(0).get("facts");
        assertThat(facts.get("table_rows").get("users").asLong()).isEqualTo(2);
        assertThat(facts.get("table_rows").get("orders").asLong()).isEqualTo(1);
    }

    private List<Path> committedSets() throws Exception {
        Path root = dir.resolve("backups");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals("MANIFEST.json")).toList();
        }
    }
}
