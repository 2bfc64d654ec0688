package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.ComponentEntry;
import dev.backstop.core.RunOutcome;
import dev.backstop.core.SourceFacts;
import dev.backstop.history.HistoryStore;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightTest {

    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    private static void run(HistoryStore history, String id, ComponentEntry... components) {
        Instant at = Instant.parse(id.substring(0, 4) + "-" + id.substring(4, 6) + "-" + id.substring(6, 8) + "T"
                + id.substring(9, 11) + ":" + id.substring(11, 13) + ":" + id.substring(13, 15) + "Z");
        history.recordRunStarted(id, "h", at, 1);
        long bytes = 0;
        for (ComponentEntry c : components) {
            history.recordComponent(id, c);
            bytes += c.bytes();
        }
        history.recordRunFinished(id, at.plusSeconds(1), RunOutcome.SUCCESS, 0, null, bytes);
    }

    private static ComponentEntry component(String name, long bytes) {
        return new ComponentEntry(name, "mysql", name + ".sql.gz", "gzip", bytes, bytes * 4, "ab", 1, SourceFacts.none());
    }

    @Test
    void expectedBytes_afterARunThatRecordedOnlyALogPosition_countsTheNewestDumpOfThatSource() throws Exception {
        try (HistoryStore history = HistoryStore.open(dir.resolve("history.db"))) {
            // given a run that dumped both sources, then one that recorded only the log position of appdb
            run(history, "20261204T030000Z", component("appdb", 100 * MIB), component("files", 20 * MIB));
            run(history, "20261204T040000Z", component("files", 30 * MIB));

            // then the next run asks room for appdb's dump too, plus half
            assertThat(Preflight.expectedBytes(history)).isEqualTo((130 * MIB) * 3 / 2);
        }
    }
}
