package dev.backstop.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    @TempDir
    Path dir;

    @Test
    void apply_stepFailingHalfway_rollsBackThatStepAndKeepsTheEarlierOnes() {
        // given the released steps plus a step whose second statement fails
        List<Migrations.Step> steps = new ArrayList<>(Migrations.STEPS);
        steps.add(new Migrations.Step(Migrations.latest() + 1, "broken", List.of(
                "CREATE TABLE half_done (x INTEGER)",
                "INSERT INTO no_such_table VALUES (1)")));

        try (Db db = Db.open(dir.resolve("history.db"))) {
            // when
            assertThatThrownBy(() -> Migrations.apply(db, steps))
                    .isInstanceOf(HistoryException.class)
                    .hasMessageContaining("apply schema step " + (Migrations.latest() + 1) + " (broken)")
                    .hasMessageContaining("no_such_table");

            // then the released steps stay applied and nothing of the broken one remains
            int version = db.read("read", Migrations::currentVersion);
            List<String> halfDone = db.read("read", c -> HistoryQueries.strings(c,
                    "SELECT name FROM sqlite_master WHERE name = 'half_done'"));
            assertThat(version).isEqualTo(Migrations.latest());
            assertThat(halfDone).isEmpty();
        }
    }

    @Test
    void apply_laterStepAdded_appliesOnlyTheNewStep() {
        // given a database at the released version
        Path file = dir.resolve("history.db");
        HistoryStore.open(file).close();
        List<Migrations.Step> steps = new ArrayList<>(Migrations.STEPS);
        steps.add(new Migrations.Step(Migrations.latest() + 1, "add a column",
                List.of("ALTER TABLE runs ADD COLUMN note TEXT")));

        try (Db db = Db.open(file)) {
            // when applied twice: an ALTER TABLE that ran twice would fail with "duplicate column"
            Migrations.apply(db, steps);
            Migrations.apply(db, steps);

            // then
            int version = db.read("read", Migrations::currentVersion);
            List<String> added = db.read("read", c -> HistoryQueries.strings(c,
                    "SELECT name FROM pragma_table_info('runs') WHERE name = 'note'"));
            assertThat(version).isEqualTo(Migrations.latest() + 1);
            assertThat(added).containsExactly("note");
        }
    }
}
