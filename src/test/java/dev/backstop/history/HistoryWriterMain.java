package dev.backstop.history;

import dev.backstop.core.BackupId;
import dev.backstop.core.RunOutcome;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A process that writes complete runs into a history database until it is killed, for
 * {@link HistoryStoreCrashTest}. Prints {@code writing} once the first run is complete.
 */
public final class HistoryWriterMain {

    static final int TABLES = 20;

    private HistoryWriterMain() {
    }

    public static void main(String[] args) {
        Instant start = Instant.parse("2025-11-04T02:00:00Z");
        try (HistoryStore store = HistoryStore.open(Path.of(args[0]))) {
            long[] rows = new long[TABLES];
            for (int i = 0; ; i++) {
                String id = BackupId.at(start.plusSeconds(i)).toString();
                java.util.Arrays.fill(rows, i);
                store.recordRunStarted(id, "h", start.plusSeconds(i), ProcessHandle.current().pid());
                store.recordComponent(id, Fixtures.database("appdb", 1000 + i, rows));
                store.recordTargetCommit(id, TargetCommitRecord.committed("local", "p/" + id, "read-back", 1000 + i,
                        start.plusSeconds(i)));
                store.recordRunFinished(id, start.plusSeconds(i), RunOutcome.SUCCESS, 0, null, 1000 + i);
                if (i == 0) {
                    System.out.println("writing");
                    System.out.flush();
                }
            }
        }
    }
}
