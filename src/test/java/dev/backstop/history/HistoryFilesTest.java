package dev.backstop.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFilesTest {

    private static final Instant AT = Instant.parse("2025-11-04T02:00:01.789Z");

    @TempDir
    Path dir;

    @Test
    void moveAside_databaseWithItsWal_movesBothSoThatTheCopyOpensWhole() throws Exception {
        // given a history whose last run is still only in its WAL (another connection keeps it open)
        Path db = dir.resolve("history.db");
        HistoryStore.open(db).close();
        try (Connection keeper = Fixtures.raw(db); Statement s = keeper.createStatement()) {
            s.executeQuery("SELECT count(*) FROM runs").close();
            try (HistoryStore store = HistoryStore.open(db)) {
                store.recordRunStarted("20251104T020001Z", "h", Fixtures.T0, 1);
            }
            assertThat(dir.resolve("history.db-wal")).exists();

            // when
            Path moved = HistoryFiles.moveAside(db, "corrupt", AT);

            // then everything is under the new name, and nothing is left under the old one
            assertThat(moved).isEqualTo(dir.resolve("history.db.corrupt-20251104T020001Z"));
            assertThat(dir.resolve("history.db.corrupt-20251104T020001Z-wal")).exists();
            assertThat(HistoryFiles.exist(db)).isFalse();
        }
        try (HistoryStore copy = HistoryStore.open(dir.resolve("history.db.corrupt-20251104T020001Z"))) {
            assertThat(copy.run("20251104T020001Z")).isPresent();
        }
    }

    @Test
    void moveAside_twiceInOneSecond_keepsBoth() throws Exception {
        Path db = dir.resolve("history.db");
        Files.writeString(db, "first");
        Path first = HistoryFiles.moveAside(db, "corrupt", AT);
        Files.writeString(db, "second");

        Path second = HistoryFiles.moveAside(db, "corrupt", AT);

        assertThat(second).isEqualTo(dir.resolve("history.db.corrupt-20251104T020001Z-2"));
        assertThat(Files.readString(first)).isEqualTo("first");
        assertThat(Files.readString(second)).isEqualTo("second");
    }

    @Test
    void exist_onlyACompanionLeft_isTrue() throws Exception {
        Path db = dir.resolve("history.db");
        assertThat(HistoryFiles.exist(db)).isFalse();

        Files.writeString(dir.resolve("history.db-journal"), "x");

        assertThat(HistoryFiles.exist(db)).isTrue();
    }
}
