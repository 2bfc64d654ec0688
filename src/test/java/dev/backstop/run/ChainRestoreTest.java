package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.BackupSetLayout;
import dev.backstop.core.BackupId;
import dev.backstop.core.FileTrees;
import dev.backstop.core.Manifest;
import dev.backstop.source.files.IncrementalSets;
import dev.backstop.source.files.RawTree;
import dev.backstop.source.files.TreeChanges;
import dev.backstop.target.Target;
import dev.backstop.verify.RestoreReport;
import dev.backstop.verify.RestoreRequest;
import dev.backstop.verify.RestoreTestReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * restore and restore-test of a chain of incremental file archives, written by the files source
 * and committed as a run commits them, over a tree changed at random between sets: each restore
 * equals the tree at its set, as GNU tar alone recreates it from the same sets.
 */
class ChainRestoreTest {

    private static final TargetChoice FIRST = new TargetChoice(null, Path.of("backstop.yml"));

    @RegisterExtension
    final WorkflowFixture fixture = new WorkflowFixture();

    private Path data;
    private Target target;
    private IncrementalSets sets;

    @BeforeEach
    void aTreeWithOddNames() throws Exception {
        data = fixture.dir.resolve("data");
        RawTree.create(Files.createDirectories(data.resolve("odd")), RawTree.trickyEntries());
        target = fixture.context().targets().get(0);
        sets = new IncrementalSets(WorkflowFixture.HOST, "data", List.of(data), List.of(), null,
                Files.createDirectories(fixture.dir.resolve("spool")));
    }

    @Test
    void restore_everySetOfAChainOfRandomChanges_equalsTheTreeAtThatSetAsGnuTarAloneRestoresIt() throws Exception {
        sets.commit(false, target);
        int chain = 1;
        for (int n = 1; n <= 7; n++) {
            // given the tree changed at random, then backed up; at the fifth set a new chain starts
            TreeChanges.apply(data, n, 30);
            boolean full = n == 5;
            Manifest set = sets.commit(full, target);
            chain = full ? 1 : chain + 1;

            // when
            Path to = fixture.dir.resolve("restored-" + n);
            RestoreReport restored = new RestoreRun(fixture.context()).execute(FIRST,
                    new RestoreRequest(set.id(), to, Map.of(), Set.of(), false));
            RestoreTestReport tested = new RestoreTestRun(fixture.context()).execute(FIRST, null);

            // then
            assertThat(restored.ok()).as(restored.findings() + "\n" + fixture.logged).isTrue();
            List<String> used = sets.ids().subList(sets.ids().size() - chain, sets.ids().size());
            assertThat(restored.restored()).singleElement().asString().contains(full ? " entries extracted below "
                    : "from the chain of " + chain + " archives, oldest first (" + used.get(0) + " full, "
                    + String.join(", ", used.subList(1, used.size())) + ")");
            Path tree = to.resolve("data").resolve(data.toString().substring(1));
            assertThat(TreeChanges.listing(tree, false)).as("restore of set %d", n)
                    .isEqualTo(TreeChanges.listing(data, false));
            assertThat(RawTree.of(tree)).isEqualTo(RawTree.of(data));
            assertThat(tested.ok()).as(tested.findings() + "\n" + fixture.logged).isTrue();
            assertThat(tested.backupId()).isEqualTo(set.id());
            assertThat(tested.components()).singleElement().asString().contains("matches the manifest")
                    .contains(full ? "extracted " : "extracted the chain of " + chain + " archives");
        }

        // GNU tar alone, each set of the second chain applied oldest first, recreates the same tree
        Path byTar = Files.createDirectories(fixture.dir.resolve("by-tar"));
        for (String id : sets.ids().subList(sets.ids().size() - chain, sets.ids().size())) {
            TreeChanges.run(List.of("tar", "-x", "-g", "/dev/null", "-f", setDir(id).resolve("data.tar.gz").toString(),
                    "-C", byTar.toString()));
        }
        Path tree = byTar.resolve(data.toString().substring(1));
        assertThat(TreeChanges.listing(tree, true)).isEqualTo(TreeChanges.listing(data, true));
        assertThat(RawTree.of(tree)).isEqualTo(RawTree.of(data));
    }

    @Test
    void restore_setMissingInTheMiddleOfTheChain_exit6NamingItAndNothingRestored() throws Exception {
        // given a chain of four sets whose second increment is gone from the target
        sets.commit(false, target);
        for (int n = 1; n <= 3; n++) {
            TreeChanges.apply(data, n, 10);
            sets.commit(false, target);
        }
        String missing = sets.ids().get(2);
        String newest = sets.ids().get(3);
        FileTrees.delete(setDir(missing));
        Path to = fixture.dir.resolve("restored");

        // when
        RestoreReport restored = new RestoreRun(fixture.context()).execute(FIRST,
                new RestoreRequest(newest, to, Map.of(), Set.of(), false));
        RestoreTestReport tested = new RestoreTestRun(fixture.context()).execute(FIRST, null);

        // then
        assertThat(restored.exitCode()).isEqualTo(6);
        assertThat(restored.restored()).isEmpty();
        assertThat(restored.findings()).singleElement().satisfies(f -> assertThat(f.line())
                .startsWith("ERROR local " + newest + " data.tar.gz: cannot be restored: its chain of incremental"
                        + " archives is broken on target local: backup " + missing + ", level 2 of the chain of the"
                        + " full " + sets.ids().get(0) + " on which " + newest + " builds, is not there")
                .contains("--target"));
        assertThat(to).doesNotExist();
        assertThat(tested.exitCode()).isEqualTo(6);
        assertThat(tested.backupId()).isEqualTo(newest);
        assertThat(tested.findings()).singleElement().satisfies(f -> assertThat(f.line()).contains("backup " + missing));
        assertThat(fixture.config.stateDir().resolve("restore")).isEmptyDirectory();

        // and the set before the gap still restores
        RestoreReport before = new RestoreRun(fixture.context()).execute(FIRST,
                new RestoreRequest(sets.ids().get(1), to, Map.of(), Set.of(), false));
        assertThat(before.ok()).as(before.findings().toString()).isTrue();
    }

    private Path setDir(String id) {
        return fixture.dir.resolve("backups").resolve(BackupSetLayout.finalDir(WorkflowFixture.HOST, BackupId.parse(id)));
    }
}
