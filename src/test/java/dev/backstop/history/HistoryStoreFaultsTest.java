package dev.backstop.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.RunOutcome;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged history (to be moved aside and rebuilt) told apart from one that is only locked or
 * read-only (to be left alone), on real SQLite files; and the in-memory copy a run goes on with.
 */
class HistoryStoreFaultsTest {

    private static final String ID = "20251104T020001Z";
    private static final int SHORT_BUSY_MS = 300;

    @TempDir
    Path dir;

    /** A history with one finished run and enough rows to span some pages. */
    private Path history() {
        Path db = dir.resolve("state/history.db");
        try (HistoryStore store = HistoryStore.open(db)) {
            store.recordRunStarted(ID, "h", Fixtures.T0, 1);
            for (int i = 0; i < 60; i++) {
                store.recordComponent(ID, Fixtures.database("db" + i, 1000 + i, 1, 2, 3, 4, 5, 6, 7, 8));
            }
            store.recordRunFinished(ID, Fixtures.T0.plusSeconds(9), RunOutcome.SUCCESS, 0, null, 1000);
        }
        return db;
    }

    @Test
    void open_truncatedFile_isDamaged() throws Exception {
        Path db = history();
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.setLength(f.length() / 3);
        }

        assertThatThrownBy(() -> HistoryStore.open(db)).isInstanceOfSatisfying(HistoryException.class, e -> {
            assertThat(e.condition()).isEqualTo(HistoryException.Condition.DAMAGED);
            assertThat(e).hasMessageContaining(db.toString()).hasMessageContaining("SQLITE_CORRUPT");
        });
    }

    @Test
    void open_garbage_isDamaged() throws Exception {
        Path db = history();
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Files.write(db, garbage);

        assertThatThrownBy(() -> HistoryStore.open(db)).isInstanceOfSatisfying(HistoryException.class, e -> {
            assertThat(e.condition()).isEqualTo(HistoryException.Condition.DAMAGED);
            assertThat(e).hasMessageContaining("SQLITE_NOTADB");
        });
    }

    @Test
    void checkIntegrity_garbageBeyondTheSchemaPages_isDamagedThoughItOpens() throws Exception {
        // given a history whose later pages were overwritten: it opens, and a run would fail halfway
        Path db = history();
        damageLastPages(db);

        try (HistoryStore store = HistoryStore.open(db)) {
            // when / then
            assertThatThrownBy(store::checkIntegrity).isInstanceOfSatisfying(HistoryException.class, e -> {
                assertThat(e.condition()).isEqualTo(HistoryException.Condition.DAMAGED);
                assertThat(e).hasMessageContaining(db.toString()).hasMessageContaining("is damaged");
            });
        }
    }

    @Test
    void openInMemory_garbageBeyondTheSchemaPages_startsEmptyRatherThanFailLater() throws Exception {
        Path db = history();
        damageLastPages(db);

        try (HistoryStore copy = HistoryStore.openInMemory(db, "damaged")) {
            assertThat(copy.recentRuns(5)).isEmpty();
            assertThat(copy.lastGoodRuns(7)).isEmpty();
        }
    }

    @Test
    void checkIntegrity_soundHistory_passes() {
        try (HistoryStore store = HistoryStore.open(history())) {
            store.checkIntegrity();
            assertThat(store.unrecordedBecause()).isEmpty();
        }
    }

    @Test
    void open_lockedByAnotherConnectionsTransaction_isUnavailableNotDamaged() throws Exception {
        Path db = history();
        try (Connection other = Fixtures.raw(db); Statement s = other.createStatement()) {
            // given another process in the middle of a write transaction
            s.execute("BEGIN IMMEDIATE");
            s.execute("UPDATE runs SET reason = 'held' WHERE id = '" + ID + "'");

            // when / then: refused after the busy timeout, and not taken for damage
            long start = System.nanoTime();
            assertThatThrownBy(() -> HistoryStore.open(db, SHORT_BUSY_MS)).isInstanceOfSatisfying(HistoryException.class,
                    e -> {
                        assertThat(e.condition()).isEqualTo(HistoryException.Condition.UNAVAILABLE);
                        assertThat(e).hasMessageContaining("locked");
                    });
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT_BUSY_MS);

            // and a copy in memory still holds what the file holds
            try (HistoryStore copy = HistoryStore.openInMemory(db, "locked")) {
                assertThat(copy.run(ID)).isPresent();
                assertThat(copy.unrecordedBecause()).contains("locked");
            }
            s.execute("ROLLBACK");
        }
    }

    @Test
    @RequiresService(Services.Root.class) // chattr +i makes a file read-only even for root
    void write_immutableFile_isUnavailableNotDamaged_andItsCopyHoldsItsRows() throws Exception {
        Path db = history();
        Assumptions.assumeTrue(shell("chattr +i '" + db + "'") == 0, "the file system takes no immutable flag");
        try {
            // SQLite opens and reads it; the first write is refused, and not taken for damage
            try (HistoryStore store = HistoryStore.open(db)) {
                store.checkIntegrity();
                assertThatThrownBy(() -> store.recordRunStarted("20251104T030001Z", "h", Fixtures.T0, 2))
                        .isInstanceOfSatisfying(HistoryException.class,
                                e -> assertThat(e.condition()).isEqualTo(HistoryException.Condition.UNAVAILABLE));
            }

            try (HistoryStore copy = HistoryStore.openInMemory(db, "read-only")) {
                assertThat(copy.components(ID)).hasSize(60);
                copy.recordRunStarted("20251104T030001Z", "h", Fixtures.T0.plusSeconds(3600), 2);
                assertThat(copy.recentRuns(5)).hasSize(2);
            }
        } finally {
            shell("chattr -i '" + db + "'");
        }
        try (HistoryStore after = HistoryStore.open(db)) {
            assertThat(after.recentRuns(5)).as("nothing reached the file").hasSize(1);
        }
    }

    @Test
    @RequiresService(Services.Root.class) // a read-only bind mount is read-only even for root
    void open_readOnlyDirectory_isUnavailableNotDamaged_andItsCopyHoldsItsRows() throws Exception {
        Path db = history();
        Path state = db.getParent();
        Assumptions.assumeTrue(shell("mount --bind '" + state + "' '" + state + "' && mount -o remount,ro,bind '" + state
                + "' '" + state + "'") == 0, "no bind mounts here");
        try {
            assertThatThrownBy(() -> HistoryStore.open(db)).isInstanceOfSatisfying(HistoryException.class,
                    e -> assertThat(e.condition()).isEqualTo(HistoryException.Condition.UNAVAILABLE));

            try (HistoryStore copy = HistoryStore.openInMemory(db, "read-only")) {
                assertThat(copy.components(ID)).hasSize(60);
            }
        } finally {
            shell("umount '" + state + "'");
        }
    }

    @Test
    void openInMemory_damagedFile_startsEmptyAndWorks() throws Exception {
        Path db = history();
        Files.write(db, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});

        try (HistoryStore copy = HistoryStore.openInMemory(db, "damaged")) {
            assertThat(copy.recentRuns(5)).isEmpty();
            copy.recordRunStarted(ID, "h", Fixtures.T0, 1);
            assertThat(copy.run(ID)).isPresent();
        }
        assertThat(Files.readAllBytes(db)).as("the file is left as it was").containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void continueInMemoryOnFailure_fileLockedMidway_goesOnInMemoryWithWhatWasThere() throws Exception {
        // given a run's store that has recorded its start
        Path db = history();
        try (HistoryStore store = HistoryStore.open(db, SHORT_BUSY_MS)) {
            store.continueInMemoryOnFailure();
            store.recordRunStarted("20251104T030001Z", "h", Fixtures.T0.plusSeconds(3600), 2);
            try (Connection other = Fixtures.raw(db); Statement s = other.createStatement()) {
                // when another process holds a write transaction beyond the busy timeout
                s.execute("BEGIN IMMEDIATE");
                s.execute("UPDATE runs SET reason = 'held' WHERE id = '" + ID + "'");
                store.recordComponent("20251104T030001Z", Fixtures.files("www", 500));

                // then the write went to memory, with everything recorded before
                assertThat(store.unrecordedBecause()).hasValueSatisfying(why -> assertThat(why).contains("locked"));
                assertThat(store.components("20251104T030001Z")).hasSize(1);
                assertThat(store.components(ID)).hasSize(60);
                s.execute("ROLLBACK");
            }
        }
        try (HistoryStore after = HistoryStore.open(db)) {
            assertThat(after.components("20251104T030001Z")).as("nothing reached the file after the failure").isEmpty();
            assertThat(after.run("20251104T030001Z")).as("what came before did").isPresent();
        }
    }

    @Test
    void withoutFailOver_lockedFile_throwsUnavailable() throws Exception {
        Path db = history();
        try (HistoryStore store = HistoryStore.open(db, SHORT_BUSY_MS);
             Connection other = Fixtures.raw(db); Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("UPDATE runs SET reason = 'held' WHERE id = '" + ID + "'");

            assertThatThrownBy(() -> store.recordRunStarted("20251104T030001Z", "h", Fixtures.T0, 2))
                    .isInstanceOfSatisfying(HistoryException.class,
                            e -> assertThat(e.condition()).isEqualTo(HistoryException.Condition.UNAVAILABLE));
            s.execute("ROLLBACK");
        }
    }

    @Test
    void continueInMemoryOnFailure_missingRun_stillThrows() {
        try (HistoryStore store = HistoryStore.open(history())) {
            store.continueInMemoryOnFailure();

            assertThatThrownBy(() -> store.recordComponent("20991231T000000Z", Fixtures.files("www", 1)))
                    .isInstanceOfSatisfying(HistoryException.class,
                            e -> assertThat(e.condition()).isEqualTo(HistoryException.Condition.OTHER));
            assertThat(store.unrecordedBecause()).as("a missing row is no fault of the file").isEmpty();
        }
    }

    /** Overwrites a page near the end: the tables' root pages come first, with the schema; rows after them. */
    private static void damageLastPages(Path db) throws Exception {
        byte[] garbage = new byte[4096];
        new Random(11).nextBytes(garbage);
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(f.length() - 2 * 4096);
            f.write(garbage);
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int shell(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
