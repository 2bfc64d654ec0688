package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.Json;
import dev.backstop.core.RunOutcome;
import dev.backstop.history.HistoryStore;
import dev.backstop.notify.LocalHttpServer;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged history never stops a backup, and never silently: the packaged jar against a
 * truncated, a garbage and a read-only history, and {@code backstop history rebuild} after
 * {@code state_dir} was lost.
 */
class HistoryDamageIT {

    private static final Pattern RUN_ID = Pattern.compile("backup (\\d{8}T\\d{6}Z)");

    @TempDir
    Path dir;

    private LocalHttpServer http;
    private Path config;

    @BeforeEach
    void configure() throws Exception {
        http = new LocalHttpServer();
        data(400_000);
        Shell.ok("sqlite3 '" + dir.resolve("app.db") + "' 'CREATE TABLE t(x); INSERT INTO t VALUES (1),(2),(3);'");
        config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: it-host
                state_dir: state
                sources:
                  - name: data
                    type: files
                    paths: [data]
                  - name: app
                    type: sqlite
                    path: app.db
                targets:
                  - name: local
                    type: local
                    path: backups
                notify:
                  - type: webhook
                    url: %s
                """.formatted(http.uri("/hook")));
    }

    @AfterEach
    void stop() {
        http.close();
    }

    private void data(int bytes) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        byte[] b = new byte[bytes];
        new Random(bytes).nextBytes(b);
        Files.write(dir.resolve("data/blob.bin"), b);
    }

    private BackstopProcess.Result backstop(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.add("--config");
        all.add(config.toString());
        return BackstopProcess.run(all.toArray(String[]::new));
    }

    /** Runs a backup with the exit code expected, and returns its id. */
    private String run(int expected) throws Exception {
        BackstopProcess.Result run = backstop("run");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(expected);
        Matcher m = RUN_ID.matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        return m.group(1);
    }

    private Path history() {
        return dir.resolve("state/history.db");
    }

    private List<Path> movedAside() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("state"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("history.db.corrupt-")).toList();
        }
    }

    private JsonNode lastPost() throws Exception {
        return Json.mapper().readTree(http.requests().stream().filter(r -> r.path().equals("/hook"))
                .reduce((a, b) -> b).orElseThrow().body());
    }

    private void damagedRun_exitsSevenRebuildsAndNotifies(String first, String sqliteCode) throws Exception {
        // when
        BackstopProcess.Result run = backstop("run");

        // then the backup is committed and verified, and the run exits 7 naming the moved file
        assertThat(run.exitCode()).as(run.all()).isEqualTo(7);
        assertThat(movedAside()).hasSize(1);
        String moved = movedAside().get(0).toString();
        assertThat(run.out()).contains("local verified").contains("HISTORY needs a human").contains(moved);
        assertThat(run.err()).contains(sqliteCode).contains("backup " + first + " was not in history; re-read, intact");
        Matcher m = RUN_ID.matcher(run.out());
        assertThat(m.find()).isTrue();
        String id = m.group(1);
        // and the new history holds the older set, adopted, and this run
        try (HistoryStore h = HistoryStore.open(history())) {
            assertThat(h.committedIds("local")).containsExactly(first, id);
            assertThat(h.run(first).orElseThrow().reason()).contains("adopted from target local");
            assertThat(h.run(id).orElseThrow().exitCode()).isEqualTo(7);
        }
        // and the notification went out with the real outcome, naming the moved file
        JsonNode json = lastPost();
        assertThat(json.get("id").asText()).isEqualTo(id);
        assertThat(json.get("exit_code").asInt()).isEqualTo(7);
        assertThat(json.get("reason").asText()).contains(moved);
        assertThat(json.get("warnings").toString()).contains(moved);
    }

    @Test
    void run_truncatedHistory_exitsSevenCommitsRebuildsAndNotifies() throws Exception {
        String first = run(0);
        try (RandomAccessFile f = new RandomAccessFile(history().toFile(), "rw")) {
            f.setLength(f.length() / 3);
        }

        damagedRun_exitsSevenRebuildsAndNotifies(first, "SQLITE_CORRUPT");
    }

    @Test
    void run_garbageHistory_exitsSevenCommitsRebuildsAndNotifies() throws Exception {
        String first = run(0);
        byte[] garbage = new byte[100_000];
        new Random(5).nextBytes(garbage);
        Files.write(history(), garbage);

        damagedRun_exitsSevenRebuildsAndNotifies(first, "SQLITE_NOTADB");
    }

    @Test
    void historyRebuild_afterStateDirLost_adoptsEverySetAndTheNextRunRaisesNoAnomaly() throws Exception {
        // given three runs, a shrink a person accepted, a run after it; then state_dir gone
        run(0);
        run(0);
        run(0);
        data(40_000);
        String shrunk = run(7);
        assertThat(backstop("accept", shrunk).exitCode()).isZero();
        run(0);
        Shell.ok("rm -rf '" + dir.resolve("state") + "'");

        // when
        BackstopProcess.Result rebuild = backstop("history", "rebuild");

        // then the five sets are back, the accepted change with them
        assertThat(rebuild.exitCode()).as(rebuild.all()).isZero();
        assertThat(rebuild.out()).contains("5 backup(s) re-read and adopted")
                .contains("backup " + shrunk + " was adopted with 2 anomaly finding(s), taken as accepted");
        try (HistoryStore h = HistoryStore.open(history())) {
            assertThat(h.committedIds("local")).hasSize(5);
            assertThat(h.run(shrunk).orElseThrow().acceptedAt()).isNotNull();
        }
        // and the next run compares with the accepted level, not with the runs before it
        BackstopProcess.Result next = backstop("run");
        assertThat(next.exitCode()).as(next.all()).isZero();
        assertThat(next.err()).doesNotContain("anomaly: ");
        try (HistoryStore h = HistoryStore.open(history())) {
            assertThat(h.recentRuns(1).get(0).outcome()).isEqualTo(RunOutcome.SUCCESS);
        }
        // and a second rebuild refuses to drop a sound history without --force
        BackstopProcess.Result again = backstop("history", "rebuild");
        assertThat(again.exitCode()).as(again.all()).isEqualTo(2);
        assertThat(again.err()).contains("--force");
    }

    @Test
    @RequiresService(Services.Root.class) // chattr +i makes the history read-only even for root
    void run_readOnlyHistory_backsUpRecordsNothingAndExitsSevenWithTheReason() throws Exception {
        String first = run(0);
        Assumptions.assumeTrue(Shell.run("chattr +i '" + history() + "'").exitCode() == 0,
                "the file system takes no immutable flag");
        BackstopProcess.Result run;
        try {
            run = backstop("run");
        } finally {
            Shell.run("chattr -i '" + history() + "'");
        }

        assertThat(run.exitCode()).as(run.all()).isEqualTo(7);
        assertThat(run.out()).contains("local verified").contains("recorded nowhere");
        assertThat(movedAside()).as("a read-only history is not moved").isEmpty();
        assertThat(lastPost().get("reason").asText()).contains("readonly").contains("recorded nowhere");
        try (HistoryStore h = HistoryStore.open(history())) {
            assertThat(h.committedIds("local")).containsExactly(first);
        }
    }
}
