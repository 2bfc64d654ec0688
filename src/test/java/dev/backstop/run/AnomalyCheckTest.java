package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.EventLog;
import dev.backstop.core.RunOutcome;
import dev.backstop.core.SourceFacts;
import dev.backstop.history.HistoryStore;
import dev.backstop.registry.Kinds;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dumps are compared with dumps: runs that recorded only a source's log position do not fill its window. */
class AnomalyCheckTest {

    @TempDir
    Path dir;

    private static ComponentEntry dump(long rows) {
        TreeMap<String, Long> tables = new TreeMap<>();
        tables.put("orders", rows);
        return new ComponentEntry("appdb", "mysql", "appdb.sql.gz", "gzip", rows, rows * 4, "ab", 1,
                SourceFacts.database("10.11", true, tables));
    }

    private static ComponentEntry files() {
        return new ComponentEntry("www", "files", "www.tar.gz", "gzip", 1000, 4000, "cd", 1,
                SourceFacts.files(10, 12, 4000, List.of(), List.of()));
    }

    private static void run(HistoryStore history, int hour, ComponentEntry... components) {
        String id = "20261204T%02d0000Z".formatted(hour);
        Instant at = Instant.parse("2026-12-04T%02d:00:00Z".formatted(hour));
        history.recordRunStarted(id, "h", at, 1);
        for (ComponentEntry c : components) {
            history.recordComponent(id, c);
        }
        history.recordRunFinished(id, at.plusSeconds(1), RunOutcome.SUCCESS, 0, null, 1);
    }

    @Test
    void run_dumpsBetweenRunsWithLogPositionsOnly_comparedWithTheEarlierDumps() throws Exception {
        BackstopConfig config = ConfigLoader.parse("""
                host: h
                state_dir: state
                anomaly: {window: 2}
                sources:
                  - {name: appdb, type: mysql, database: shop}
                  - {name: www, type: files, paths: [www]}
                targets:
                  - {name: local, type: local, path: backups}
                """, dir.resolve("backstop.yml"), Kinds.schema());
        try (HistoryStore history = HistoryStore.open(dir.resolve("history.db"))) {
            // given two dumps of 1000 rows, then more runs than the window that recorded only appdb's position
            run(history, 1, dump(1000), files());
            run(history, 2, dump(1000), files());
            for (int hour = 3; hour < 9; hour++) {
                run(history, hour, files());
            }

            // when the next dump has lost most rows
            history.recordRunStarted("20261204T090000Z", "h", Instant.parse("2026-12-04T09:00:00Z"), 1);
            List<AnomalyFinding> findings = AnomalyCheck.run(config, history, "20261204T090000Z",
                    List.of(dump(100), files()), new EventLog(new PrintStream(new ByteArrayOutputStream()),
                            Clock.systemUTC()));

            // then it is compared with the dumps, beyond the runs without one
            assertThat(findings).extracting(AnomalyFinding::subject).contains("appdb", "appdb/orders");
            assertThat(findings).filteredOn(f -> f.subject().equals("appdb/orders")).singleElement()
                    .satisfies(f -> assertThat(f.baseline()).isEqualTo(1000));
        }
    }
}
