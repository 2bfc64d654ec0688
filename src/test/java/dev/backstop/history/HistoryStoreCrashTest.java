package dev.backstop.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.RunOutcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreCrashTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void record_writerKilledWithSigkill_leavesAnIntactDatabaseOfCompleteRows() throws Exception {
        // given a child JVM writing runs into the history as fast as it can
        Path db = dir.resolve("history.db");
        Path stderr = dir.resolve("writer.err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process writer = new ProcessBuilder(java,
                // a quick start matters more than peak speed for a child that lives two seconds
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                HistoryWriterMain.class.getName(), db.toString())
                .redirectError(stderr.toFile())
                .start();
        try {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).as("writer output; its stderr: %s", stderrOf(stderr)).isEqualTo("writing");
            }
            // when it is killed with SIGKILL in the middle of its writes
            Thread.sleep(1000);
            assertThat(writer.isAlive()).as("writer still writing; stderr: %s", stderrOf(stderr)).isTrue();
        } finally {
            writer.destroyForcibly(); // SIGKILL on Unix: no shutdown hook, no close
            writer.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(writer.exitValue()).isEqualTo(137);

        // then SQLite finds the file intact
        try (Connection c = Fixtures.raw(db); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
            try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
                assertThat(rs.next()).as("rows whose parent is missing").isFalse();
            }
        }

        // and every row is complete: all runs but the one killed are finished with everything,
        // and each component that exists has all its table rows
        try (HistoryStore store = HistoryStore.open(db)) {
            List<RunRecord> runs = store.recentRuns(100_000);
            assertThat(runs).as("runs written before the kill").hasSizeGreaterThan(2);
            assertThat(runs.subList(1, runs.size())).allSatisfy(r -> {
                assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCESS);
                assertThat(store.commits(r.id())).hasSize(1);
            });
            for (RunRecord r : runs) {
                for (ComponentRecord c : store.components(r.id())) {
                    assertThat(c.tableRows()).hasSize(HistoryWriterMain.TABLES)
                            .isEqualTo(c.facts().tableRows());
                }
                if (r.outcome() == RunOutcome.SUCCESS) {
                    assertThat(store.components(r.id())).hasSize(1);
                }
            }
            // and the run the kill interrupted, if any, is what abortStaleRuns turns into aborted
            List<String> stale = store.abortStaleRuns("writer killed");
            assertThat(stale).hasSizeLessThanOrEqualTo(1);
            stale.forEach(id -> assertThat(id).isEqualTo(runs.get(0).id()));
        }
    }

    private static String stderrOf(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(none)";
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
