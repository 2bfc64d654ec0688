package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ComponentIncrement;
import dev.backstop.core.Manifest;
import dev.backstop.core.ManifestFormat;
import dev.backstop.core.ManifestReading;
import dev.backstop.source.files.RawTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backstop run} of a files source with {@code incremental:} several times over a real tree
 * that changes between runs, on two local targets: the manifests chain level, base and previous,
 * and GNU tar alone ({@code tar -x -g /dev/null}, oldest first) recreates the tree after every
 * run. A missing state directory, {@code run --full}, a target that missed a set, and failed and
 * killed runs (before their commit, and after it but before the snapshot state advanced) each give
 * a full or continue the chain the targets hold, never a gap.
 */
class IncrementalRunIT {

    @TempDir
    Path dir;

    private Path data;
    private Path state;

    @BeforeEach
    void setUp() throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
        state = dir.resolve("state");
        shell("""
                echo one > a.txt; echo kept > kept.txt; mkdir -p dir1/sub; echo x > dir1/x; echo y > dir1/sub/y
                ln -s a.txt link; echo m > mode.txt; echo o > owner.txt; mkdir swap; echo z > swap/z
                echo linked > hard1; ln hard1 hard2; head -c 300000 /dev/urandom > big.bin
                """);
        RawTree.create(Files.createDirectories(data.resolve("odd")), RawTree.trickyEntries());
    }

    @Test
    void run_severalRunsWithChanges_chainThatGnuTarRestoresOldestFirst() throws Exception {
        Path config = config("");

        ComponentEntry first = run(config, "no snapshot state");
        shell("""
                echo changed, longer > a.txt; rm dir1/x; mv dir1 dir2; chmod 600 mode.txt; chown 1234:5678 owner.txt
                rm -r swap; echo now a file > swap; ln -sfn kept.txt link; echo new > 'new file'; mv odd odd2
                echo linked, changed > hard1
                """);
        ComponentEntry second = run(config, "increment level 1 of");
        shell("""
                rm swap; mkdir swap; echo z2 > swap/z; mv a.txt b.txt; echo two > kept.txt.tmp; mv kept.txt.tmp kept.txt
                mkdir -p dir2/sub/deeper; mv dir2/sub/y dir2/sub/deeper/y; rm -r 'odd2/d'$'\\xe9''j'$'\\xe0'
                """);
        ComponentEntry third = run(config, "increment level 2 of");

        List<Path> sets = sets("local");
        assertThat(sets).hasSize(3);
        String base = manifest(sets.get(0)).id();
        assertThat(place(first)).isEqualTo(ComponentIncrement.full(base));
        assertThat(place(second)).isEqualTo(new ComponentIncrement(1, base, base));
        assertThat(place(third)).isEqualTo(new ComponentIncrement(2, base, manifest(sets.get(1)).id()));
        assertThat(second.bytes()).as("the increment holds what changed, not the big file again")
                .isLessThan(first.bytes() / 4);
        assertThat(third.facts().fileCount()).as("the whole tree's facts").isGreaterThan(20);
        assertThat(third.facts().fileBytes()).isGreaterThan(300_000);
        for (Path set : sets) {
            // the snapshot state travels in the set, listed in SHA256SUMS
            String snapshot = manifest(set).components().get(0).incremental().snapshot().file();
            assertThat(Files.readString(set.resolve(Manifest.SUMS_FILE_NAME))).contains("  " + snapshot + "\n");
            assertThat(Shell.run("cd '" + set + "' && sha256sum -c --quiet SHA256SUMS").exitCode()).isZero();
        }
        assertThat(Shell.ok("zcat '" + sets.get(2).resolve("app.snapshot.gz") + "'"))
                .as("the state kept in state_dir, compressed with zstd, is the same text")
                .isEqualTo(Shell.ok("zstd -dc '" + state.resolve("incremental/it-host/app.snapshot") + "'"))
                .startsWith("backstop-files-snapshot 1\n");
        BackstopProcess.Result verify = BackstopProcess.run("verify", "--config", config.toString());
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertRestoresTheTree(sets);

        // a lost state directory costs one full, and the chain starts again from it
        Shell.ok("rm -r '" + state + "'");
        shell("echo after the loss > lost.txt");
        ComponentEntry afterLoss = run(config, "no snapshot state");
        shell("rm lost.txt; echo more >> kept.txt");
        ComponentEntry next = run(config, "increment level 1 of");
        sets = sets("local");
        assertThat(place(afterLoss)).isEqualTo(ComponentIncrement.full(manifest(sets.get(3)).id()));
        assertThat(place(next)).isEqualTo(new ComponentIncrement(1, manifest(sets.get(3)).id(),
                manifest(sets.get(3)).id()));
        assertRestoresTheTree(sets.subList(3, 5));

        // run --full starts a new chain
        shell("echo forced > forced.txt");
        BackstopProcess.Result forced = BackstopProcess.run("run", "--full", "--config", config.toString());
        assertThat(forced.exitCode()).as(forced.all()).isZero();
        assertThat(forced.err()).contains("full (level 0): run --full");
        assertThat(forced.out()).contains("(app: full)");
        sets = sets("local");
        assertThat(place(manifest(sets.get(5)).components().get(0))).isEqualTo(
                ComponentIncrement.full(manifest(sets.get(5)).id()));
        assertRestoresTheTree(sets.subList(5, 6));
    }

    @Test
    void run_targetDownThenUp_failedAndKilledRuns_fullWhereATargetMissedASetAndNeverAGap() throws Exception {
        Path config = config("");
        run(config, "no snapshot state");
        shell("echo changed > a.txt; mkdir -p new/dir; echo n > new/dir/n");
        run(config, "increment level 1 of");

        // nas is down for one run: local continues the chain, nas misses the set
        Path nas = dir.resolve("nas");
        Shell.ok("mv '" + nas + "' '" + nas + ".away' && touch '" + nas + "'");
        shell("rm -r new; echo while nas was down > down.txt");
        BackstopProcess.Result partial = BackstopProcess.run("run", "--config", config.toString());
        assertThat(partial.exitCode()).as(partial.all()).isEqualTo(6);
        assertThat(partial.err()).contains("increment level 2 of");
        Shell.ok("rm '" + nas + "' && mv '" + nas + ".away' '" + nas + "'");

        // back up: nas lacks the previous set, so both get a full, the same bytes
        shell("echo nas is back >> down.txt");
        ComponentEntry full = run(config, "the newest set on target nas is");
        assertThat(full.incremental().isFull()).isTrue();
        assertThat(sets("local")).hasSize(4);
        assertThat(sets("nas")).hasSize(3);
        assertThat(Files.readAllBytes(sets("nas").get(2).resolve(full.file())))
                .isEqualTo(Files.readAllBytes(sets("local").get(3).resolve(full.file())));

        // a run whose other source fails commits nothing and leaves the chain where it was
        shell("echo after the full > after.txt; chmod 640 a.txt");
        Path failing = config("""
                  - name: broken
                    type: command
                    command: ["false"]
                """);
        BackstopProcess.Result failed = BackstopProcess.run("run", "--config", failing.toString());
        assertThat(failed.exitCode()).as(failed.all()).isEqualTo(5);
        ComponentEntry afterFailure = run(config, "increment level 1 of");
        assertThat(place(afterFailure)).isEqualTo(new ComponentIncrement(1, full.incremental().base(),
                full.incremental().base()));

        // a run killed after its files source was dumped, before the commit: the chain goes on from the last set
        shell("mv after.txt renamed.txt; rm -r dir1");
        Path slow = config("""
                  - name: slow
                    type: command
                    command: [sh, -c, "echo x; exec sleep 60"]
                """);
        Process killed = BackstopProcess.start(dir, Map.of(), List.of(), "run", "--config", slow.toString());
        waitForSnapshotInSpool(killed);
        List<ProcessHandle> children = killed.toHandle().descendants().toList();
        killed.destroyForcibly(); // SIGKILL: nothing runs after it
        assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
        children.forEach(ProcessHandle::destroyForcibly);
        ComponentEntry afterKill = run(config, "increment level 2 of");
        assertThat(place(afterKill)).isEqualTo(new ComponentIncrement(2, full.incremental().base(),
                manifest(sets("local").get(4)).id()));

        for (String target : List.of("local", "nas")) {
            List<Path> sets = sets(target);
            assertRestoresTheTree(sets.subList(sets.size() - 3, sets.size()));
        }

        // a run killed after its commit, before it advanced the snapshot state: the state is one set behind
        Shell.ok("cp -a '" + state + "/incremental' '" + dir + "/incremental-before'");
        shell("echo committed, state not advanced > late.txt");
        ComponentEntry committed = run(config, "increment level 3 of");
        Shell.ok("rm -r '" + state + "/incremental' && mv '" + dir + "/incremental-before' '" + state + "/incremental'");
        shell("rm late.txt");
        BackstopProcess.Result decidedTwice = BackstopProcess.run("run", "--config", config.toString());
        assertThat(decidedTwice.exitCode()).as(decidedTwice.all()).isZero();
        // the walk starts as the state says (level 4), and is made again as a full once the targets answer
        assertThat(decidedTwice.err()).contains("starting while the targets are checked, as increment level 3 of",
                "source app: full (level 0): the newest set on target local is " + manifest(sets("local").get(6)).id(),
                "source app: the dump started while the targets were checked is dropped");
        ComponentEntry fullAgain = manifest(sets("local").get(7)).components().get(0);
        assertThat(committed.incremental().level()).isEqualTo(3);
        assertThat(fullAgain.incremental().isFull()).isTrue();
        assertRestoresTheTree(sets("nas").subList(sets("nas").size() - 1, sets("nas").size()));
    }

    @Test
    void run_everyTargetFailsPreflight_theDumpStartedBeforeLeavesNothing() throws Exception {
        Path config = config("");
        run(config, "no snapshot state");
        Path stateBefore = dir.resolve("state-before");
        Shell.ok("cp -a '" + state + "' '" + stateBefore + "'");
        shell("echo changed > a.txt; head -c 200000 /dev/urandom > more.bin");
        for (String target : List.of("local", "nas")) {
            Path root = dir.resolve(target);
            Shell.ok("mv '" + root + "' '" + root + ".away' && touch '" + root + "'");
        }

        BackstopProcess.Result refused = BackstopProcess.run("run", "--config", config.toString());

        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(4);
        assertThat(refused.err()).contains("source app: starting while the targets are checked, as increment level 1 of");
        try (Stream<Path> spool = Files.list(state.resolve("spool"))) {
            assertThat(spool).as("the spool after the run").isEmpty();
        }
        assertThat(Shell.ok("diff -r '" + stateBefore.resolve("incremental") + "' '" + state.resolve("incremental") + "'"))
                .as("the snapshot state did not move").isEmpty();
        for (String target : List.of("local", "nas")) {
            Path root = dir.resolve(target);
            Shell.ok("rm '" + root + "' && mv '" + root + ".away' '" + root + "'");
        }
        assertThat(sets("local")).hasSize(1);
        assertThat(sets("nas")).hasSize(1);
        run(config, "increment level 1 of");
        assertRestoresTheTree(sets("nas"));
    }

    /** Runs backstop once; it must succeed and log {@code expected}; returns the component of the new set. */
    private ComponentEntry run(Path config, String expected) throws Exception {
        BackstopProcess.Result r = BackstopProcess.run("run", "--config", config.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.err()).contains("source app: " + (expected.startsWith("increment") ? expected : "full (level 0): "));
        assertThat(r.err()).contains(expected);
        List<Path> sets = sets("local");
        return manifest(sets.get(sets.size() - 1)).components().get(0);
    }

    /** Where a component stands in its chain, without the copy of its snapshot state. */
    private static ComponentIncrement place(ComponentEntry c) {
        return new ComponentIncrement(c.incremental().level(), c.incremental().base(), c.incremental().previous());
    }

    /** GNU tar alone, each set oldest first, into an empty directory: the tree as it is now. */
    private void assertRestoresTheTree(List<Path> chain) throws Exception {
        Path restored = Files.createTempDirectory(dir, "restored");
        for (Path set : chain) {
            Shell.ok("tar -x -g /dev/null -f '" + set.resolve(manifest(set).components().get(0).file()) + "' -C '"
                    + restored + "'");
        }
        Path tree = restored.resolve(data.toString().substring(1));
        assertThat(listing(tree)).as("restored from %s", chain).isEqualTo(listing(data));
        assertThat(RawTree.of(tree)).isEqualTo(RawTree.of(data));
    }

    /** Type, mode, owner, size, link target, mtime and content hash of every entry, as find and sha256sum see them. */
    private static String listing(Path root) throws Exception {
        String find = Shell.ok("cd '" + root + "' && find . -printf '%y %m %U:%G %s %l|%P\\t%Ts\\n' | sort");
        String hashes = Shell.ok("cd '" + root + "' && find . -type f -print0 | sort -z | xargs -0 -r sha256sum");
        return find.replaceAll("(?m)^d (\\d+) (\\S+) \\d+ ", "d $1 $2 - ") + hashes;
    }

    private Path config(String extraSources) throws Exception {
        Path config = Files.createTempFile(dir, "backstop", ".yml");
        Files.writeString(config, """
                host: it-host
                state_dir: %s
                sources:
                  - name: app
                    type: files
                    paths: [%s]
                    incremental: { full_every: 7d, max_chain: 5 }
                %stargets:
                  - name: local
                    type: local
                    path: %s
                  - name: nas
                    type: local
                    path: %s
                """.formatted(state, data, extraSources, dir.resolve("local"), dir.resolve("nas")));
        return config;
    }

    private List<Path> sets(String target) throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve(target))) {
            return files.filter(p -> p.getFileName().toString().equals(Manifest.FILE_NAME))
                    .filter(p -> !p.toString().contains("/.partial/")).map(Path::getParent).sorted().toList();
        }
    }

    private static Manifest manifest(Path set) throws Exception {
        return ((ManifestReading.Known) ManifestFormat.read(Files.readAllBytes(set.resolve(Manifest.FILE_NAME)))).manifest();
    }

    private void waitForSnapshotInSpool(Process run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && run.isAlive()) {
            try (Stream<Path> files = Files.exists(state) ? Files.walk(state) : Stream.empty()) {
                List<Path> snapshots = new ArrayList<>(files.filter(p -> p.getFileName().toString().equals(".snapshot-app"))
                        .toList());
                if (!snapshots.isEmpty() && Files.size(snapshots.get(0)) > 0) {
                    Thread.sleep(200); // the source has written its state; the slow one still runs
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the files source of the run never finished its dump");
    }

    /** Runs a bash script in the data directory (bash: odd names are written as $'\\xe9'). */
    private void shell(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "set -e; cd \"$1\"; " + script, "-", data.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s%n%s", script, output).isZero();
        Thread.sleep(10); // a later change must not share its ctime with what the walk stamped
    }
}
