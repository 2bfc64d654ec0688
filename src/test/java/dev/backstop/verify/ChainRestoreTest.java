package dev.backstop.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.commit.BackupSetLayout;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.BackupId;
import dev.backstop.core.EventLog;
import dev.backstop.core.FileTrees;
import dev.backstop.core.PreflightException;
import dev.backstop.core.Progress;
import dev.backstop.encryption.AgeIdentity;
import dev.backstop.encryption.AgeRecipients;
import dev.backstop.source.files.IncrementalSets;
import dev.backstop.source.files.RawTree;
import dev.backstop.source.files.TreeChanges;
import dev.backstop.target.local.LocalConfig;
import dev.backstop.target.local.LocalTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which target a chain is restored from, and encrypted archives through a chain. */
class ChainRestoreTest {

    private static final String HOST = "chain-host";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    private LocalTarget target(String name) throws Exception {
        LocalTarget t = new LocalTarget(new LocalConfig(name, dir.resolve(name), RetentionPolicy.keepEverything()));
        t.preflight(0);
        return t;
    }

    private Path data() throws Exception {
        Path data = dir.resolve("data");
        RawTree.create(Files.createDirectories(data.resolve("odd")), RawTree.trickyEntries());
        return data;
    }

    private Restore restore(DecryptionKey key) {
        return new Restore(HOST, dir.resolve("scratch"), name -> Optional.empty(), Clock.systemUTC(),
                new EventLog(new PrintStream(logged, true), Clock.systemUTC()), Progress.NONE, key);
    }

    private static RestoreRequest request(String id, Path to) {
        return new RestoreRequest(id, to, Map.of(), Set.of(), false);
    }

    @Test
    void run_firstTargetLacksASetOfTheChain_restoresFromTheNextThatHoldsItAll() throws Exception {
        // given a chain of three sets on two targets, the middle one gone from the first
        Path data = data();
        LocalTarget first = target("first");
        LocalTarget second = target("second");
        IncrementalSets sets = new IncrementalSets(HOST, "app", List.of(data), List.of(), null,
                Files.createDirectories(dir.resolve("spool")));
        sets.commit(false, first, second);
        for (int n = 1; n <= 2; n++) {
            TreeChanges.apply(data, n, 20);
            sets.commit(false, first, second);
        }
        String missing = sets.ids().get(1);
        String newest = sets.ids().get(2);
        FileTrees.delete(dir.resolve("first").resolve(BackupSetLayout.finalDir(HOST, BackupId.parse(missing))));

        // when
        RestoreReport alone = restore(DecryptionKey.NONE).run(first, request(newest, dir.resolve("alone")));
        RestoreReport either = restore(DecryptionKey.NONE).run(List.of(first, second), request(newest, dir.resolve("to")));

        // then
        assertThat(alone.exitCode()).isEqualTo(6);
        assertThat(alone.findings()).singleElement().satisfies(f -> assertThat(f.line()).contains("backup " + missing));
        assertThat(dir.resolve("alone")).doesNotExist();
        assertThat(either.ok()).as(either.findings() + "\n" + logged).isTrue();
        assertThat(either.target()).isEqualTo("second");
        assertThat(logged.toString()).contains("restore: target first lacks backup " + missing + " of the chain of "
                + newest + "; restoring from target second, which holds the whole chain");
        Path tree = Path.of(dir.resolve("to/app").toString(), data.toString());
        assertThat(RawTree.of(tree)).isEqualTo(RawTree.of(data));
    }

    @Test
    void chainOfEncryptedArchives_restoresAndPassesTheRestoreTestWithTheIdentityOnly() throws Exception {
        // given a chain of three archives encrypted to one age key
        AgeIdentity.Generated key = AgeIdentity.generate();
        Path keyFile = Files.writeString(dir.resolve("key.txt"), key.fileContent());
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        AgeIdentity loaded = AgeIdentity.load(keyFile);
        DecryptionKey identity = () -> loaded;
        Path data = data();
        LocalTarget target = target("local");
        IncrementalSets sets = new IncrementalSets(HOST, "app", List.of(data), List.of(),
                AgeRecipients.of(List.of(key.recipient())), Files.createDirectories(dir.resolve("spool")));
        sets.commit(false, target);
        for (int n = 1; n <= 2; n++) {
            TreeChanges.apply(data, n, 20);
            sets.commit(false, target);
        }

        // when
        RestoreTestReport tested = new RestoreTest(HOST, dir.resolve("restore-test"), name -> Optional.empty(),
                List.of(), Clock.systemUTC(), new EventLog(new PrintStream(logged, true), Clock.systemUTC()),
                Progress.NONE, identity).run(target, null);
        RestoreReport restored = restore(identity).run(target, request(null, dir.resolve("to")));

        // then
        assertThat(tested.ok()).as(tested.findings() + "\n" + logged).isTrue();
        assertThat(tested.components()).singleElement().asString().contains("extracted the chain of 3 archives ("
                + sets.ids().get(0) + " full, " + sets.ids().get(1) + ", " + sets.ids().get(2) + ")")
                .contains("matches the manifest");
        assertThat(restored.ok()).as(restored.findings() + "\n" + logged).isTrue();
        assertThat(restored.backupId()).isEqualTo(sets.ids().get(2));
        assertThat(RawTree.of(Path.of(dir.resolve("to/app").toString(), data.toString()))).isEqualTo(RawTree.of(data));
        assertThatThrownBy(() -> restore(DecryptionKey.NONE).run(target, request(null, dir.resolve("to2"))))
                .isInstanceOf(PreflightException.class);
        assertThat(dir.resolve("to2")).doesNotExist();
    }
}
