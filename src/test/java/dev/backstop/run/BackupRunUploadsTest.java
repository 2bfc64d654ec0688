package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.cli.ExitCodes;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.EventLog;
import dev.backstop.core.Manifest;
import dev.backstop.core.RunOutcome;
import dev.backstop.core.SourceException;
import dev.backstop.registry.Kinds;
import dev.backstop.target.ForwardingTarget;
import dev.backstop.target.Target;
import dev.backstop.target.Targets;
import dev.backstop.target.TestStreams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Components go to every target while other dumps still run; failures stay where they belong. */
class BackupRunUploadsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final Set<String> written = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void data() throws Exception {
        byte[] b = new byte[300_000];
        new Random(7).nextBytes(b);
        Files.createDirectories(dir.resolve("data"));
        Files.write(dir.resolve("data/blob.bin"), b);
    }

    /** A files source, a command source that waits for {@code gate} and then runs {@code then}, two local targets. */
    private BackstopConfig config(String then) throws Exception {
        return configWithScript("while [ ! -f %s ]; do sleep 0.05; done; %s".formatted(dir.resolve("gate"), then));
    }

    /** A files source, a command source running {@code script} in sh, two local targets. */
    private BackstopConfig configWithScript(String script) throws Exception {
        return ConfigLoader.parse("""
                host: test-host
                state_dir: state
                sources:
                  - name: data
                    type: files
                    paths: [data]
                  - name: late
                    type: command
                    command: [sh, -c, "%s"]
                targets:
                  - name: one
                    type: local
                    path: backups-one
                  - name: two
                    type: local
                    path: backups-two
                """.formatted(script), dir.resolve("backstop.yml"), Kinds.schema());
    }

    /** Wraps each target: records every file written and opens the gate once the files component is stored. */
    private Target recording(Target t) {
        return new ForwardingTarget(t) {
            @Override
            public long write(String path, InputStream in) throws IOException {
                long n = super.write(path, in);
                written.add(name() + ":" + path.substring(path.lastIndexOf('/') + 1));
                if (path.endsWith("/data.tar.gz") && name().equals("two")) {
                    Files.writeString(dir.resolve("gate"), "open");
                }
                return n;
            }
        };
    }

    private RunReport run(BackstopConfig config, UnaryOperator<Target> wrap) throws Exception {
        List<Target> targets = Kinds.targets(config).stream().map(wrap).toList();
        EventLog log = new EventLog(new PrintStream(logged, true), Clock.systemUTC());
        try {
            return new BackupRun(config, Kinds.sources(config), targets, Clock.systemUTC(), log, new Cancellation(),
                    ExitCodes::codeOf).execute();
        } finally {
            Targets.closeAll(targets, log);
        }
    }

    private List<Path> setsOrPartials(String root) throws Exception {
        Path r = dir.resolve(root);
        if (!Files.exists(r)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(r)) {
            return s.filter(p -> p.getFileName().toString().equals(Manifest.FILE_NAME) || p.getParent().getFileName().toString()
                    .equals(".partial")).toList();
        }
    }

    @Test
    void execute_sourceFailsAfterAnotherComponentWasUploaded_noPartialSetAnywhere() throws Exception {
        // given the command source fails only after the files component reached both targets
        BackstopConfig config = config("echo partial; exit 3");

        // when
        assertThatThrownBy(() -> run(config, this::recording)).isInstanceOf(SourceException.class)
                .hasMessageContaining("late");

        // then the upload had happened, and neither target keeps a partial or a final set
        assertThat(written).contains("one:data.tar.gz", "two:data.tar.gz");
        assertThat(setsOrPartials("backups-one")).as(logged.toString()).isEmpty();
        assertThat(setsOrPartials("backups-two")).isEmpty();
    }

    @Test
    void execute_oneTargetFailsMidRun_theOtherCommitsAndTheRunIsPartial() throws Exception {
        // given target one refuses the second component
        BackstopConfig config = config("echo late data");
        UnaryOperator<Target> wrap = t -> {
            Target r = recording(t);
            return !t.name().equals("one") ? r : new ForwardingTarget(r) {
                @Override
                public long write(String path, InputStream in) throws IOException {
                    if (path.endsWith("/late.txt.gz")) {
                        throw new IOException("No space left on device");
                    }
                    return super.write(path, in);
                }
            };
        };

        // when
        RunReport report = run(config, wrap);

        // then
        assertThat(report.outcome()).as(logged.toString()).isEqualTo(RunOutcome.PARTIAL);
        assertThat(report.targets()).extracting(TargetOutcome::target, TargetOutcome::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("one", TargetOutcome.FAILED),
                        org.assertj.core.groups.Tuple.tuple("two", TargetOutcome.COMMITTED));
        assertThat(report.targets().get(0).reason()).contains("No space left on device").contains("late.txt.gz");
        assertThat(setsOrPartials("backups-one")).isEmpty();
        assertThat(setsOrPartials("backups-two")).hasSize(1);
    }

    /** Target two opens the gate once it has received a mebibyte of the command's component, while that dump still runs. */
    private Target openingGateMidUpload(Target t) {
        return new ForwardingTarget(t) {
            @Override
            public long write(String path, InputStream in) throws IOException {
                if (!path.endsWith("/late.txt.gz") || !name().equals("two")) {
                    return super.write(path, in);
                }
                return super.write(path, new java.io.FilterInputStream(in) {
                    long seen;

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        seen += Math.max(n, 0);
                        if (seen >= (1 << 20) && !Files.exists(dir.resolve("gate"))) {
                            Files.writeString(dir.resolve("gate"), "open");
                        }
                        return n;
                    }
                });
            }
        };
    }

    /** A command source that writes 6 MiB, then waits up to 20 s for the gate and runs {@code then}. */
    private BackstopConfig streamingConfig(String then) throws Exception {
        Path gate = dir.resolve("gate");
        return configWithScript(("head -c 6291456 /dev/urandom; i=0; while [ ! -f %s ] && [ $i -lt 400 ]; do sleep 0.05;"
                + " i=$((i+1)); done; [ -f %s ] || exit 9; %s").formatted(gate, gate, then));
    }

    @Test
    void execute_componentStillDumping_isUploadedWhileItGrows() throws Exception {
        // given a dump that only ends once target two has received part of it
        BackstopConfig config = streamingConfig("echo end");

        // when
        RunReport report = run(config, this::openingGateMidUpload);

        // then the upload followed the growing spool file, and the stored copy is the whole component
        assertThat(report.outcome()).as(logged.toString()).isEqualTo(RunOutcome.SUCCESS);
        assertThat(setsOrPartials("backups-one")).hasSize(1);
        assertThat(setsOrPartials("backups-two")).hasSize(1);
        Path stored = setsOrPartials("backups-two").get(0).resolveSibling("late.txt.gz");
        assertThat(Files.size(stored)).isEqualTo(report.components().stream()
                .filter(c -> c.file().equals("late.txt.gz")).findFirst().orElseThrow().bytes());
        assertThat(new java.util.zip.GZIPInputStream(Files.newInputStream(stored)).readAllBytes())
                .hasSize(6291456 + "end\n".length());
    }

    /** A component of the set in flight, not SHA256SUMS or the manifest. */
    private static boolean isComponent(String path) {
        return path.contains("/.partial/") && !path.endsWith("/" + Manifest.FILE_NAME)
                && !path.endsWith("/" + Manifest.SUMS_FILE_NAME);
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Test
    void execute_verificationOfOneComponent_overlapsTheUploadOfTheNext() throws Exception {
        // given targets whose read-back of the first component waits (20 s at most) for the upload of the next to begin
        BackstopConfig config = configWithScript("echo late data");
        List<String> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        UnaryOperator<Target> wrap = t -> new ForwardingTarget(t) {
            final AtomicInteger componentWrites = new AtomicInteger();
            final CountDownLatch nextUploadBegan = new CountDownLatch(1);
            final AtomicBoolean firstReadBack = new AtomicBoolean();

            @Override
            public long write(String path, InputStream in) throws IOException {
                if (isComponent(path) && componentWrites.incrementAndGet() == 2) {
                    nextUploadBegan.countDown();
                }
                events.add(name() + " wrote " + fileName(path));
                return super.write(path, in);
            }

            @Override
            public InputStream read(String path) throws IOException {
                if (!isComponent(path)) {
                    return super.read(path);
                }
                if (firstReadBack.compareAndSet(false, true)) {
                    TestStreams.await(nextUploadBegan, "the upload of the next component did not begin while "
                            + path + " was verified");
                }
                return TestStreams.onClose(super.read(path), () -> events.add(name() + " verified " + fileName(path)));
            }
        };

        // when
        RunReport report = run(config, wrap);

        // then both targets committed, each writing its manifest after its last verification
        assertThat(report.outcome()).as(logged.toString()).isEqualTo(RunOutcome.SUCCESS);
        for (String target : List.of("one", "two")) {
            List<String> mine = events.stream().filter(e -> e.startsWith(target + " ")).toList();
            assertThat(mine).as(target).containsSubsequence(target + " verified data.tar.gz", target + " wrote " + Manifest.FILE_NAME);
            assertThat(mine).as(target).containsSubsequence(target + " verified late.txt.gz", target + " wrote " + Manifest.FILE_NAME);
        }
        assertThat(setsOrPartials("backups-one")).hasSize(1);
        assertThat(setsOrPartials("backups-two")).hasSize(1);
    }

    @Test
    void execute_verificationFailsWhileTheNextComponentUploads_thatTargetFailsNamingTheFileAndKeepsNothing() throws Exception {
        // given target one reads back the first component it verifies with a flipped byte, once the upload of the
        // next has begun; that upload waits, after its first bytes, until the read-back is done
        BackstopConfig config = configWithScript("head -c 1048576 /dev/urandom");
        AtomicReference<String> flipped = new AtomicReference<>();
        UnaryOperator<Target> wrap = t -> !t.name().equals("one") ? t : new ForwardingTarget(t) {
            final AtomicInteger componentWrites = new AtomicInteger();
            final CountDownLatch nextUploadBegan = new CountDownLatch(1);
            final CountDownLatch readBackDone = new CountDownLatch(1);

            @Override
            public long write(String path, InputStream in) throws IOException {
                boolean next = isComponent(path) && componentWrites.incrementAndGet() == 2;
                return super.write(path, next ? TestStreams.meeting(in, nextUploadBegan, readBackDone) : in);
            }

            @Override
            public InputStream read(String path) throws IOException {
                if (!isComponent(path) || !flipped.compareAndSet(null, fileName(path))) {
                    return super.read(path);
                }
                TestStreams.await(nextUploadBegan, "the upload of the next component did not begin while " + path
                        + " was verified");
                return TestStreams.onClose(TestStreams.flippingByteAt(super.read(path), 0), readBackDone::countDown);
            }
        };

        // when
        RunReport report = run(config, wrap);

        // then target one failed as a mismatch always fails it, and kept nothing; target two committed
        assertThat(report.outcome()).as(logged.toString()).isEqualTo(RunOutcome.PARTIAL);
        assertThat(report.targets()).extracting(TargetOutcome::target, TargetOutcome::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("one", TargetOutcome.FAILED),
                        org.assertj.core.groups.Tuple.tuple("two", TargetOutcome.COMMITTED));
        assertThat(report.targets().get(0).reason()).startsWith("target 'one' (local): commit of backup " + report.id())
                .contains(flipped.get() + ": read back").contains("SHA-256").contains("removed ");
        assertThat(setsOrPartials("backups-one")).isEmpty();
        assertThat(setsOrPartials("backups-two")).hasSize(1);
    }

    @Test
    void execute_dumpFailsWhileItsUploadFollows_runFailsAndNoPartialSetAnywhere() throws Exception {
        // given a dump that fails after target two has received part of it
        BackstopConfig config = streamingConfig("exit 3");

        // when
        assertThatThrownBy(() -> run(config, this::openingGateMidUpload)).isInstanceOf(SourceException.class)
                .hasMessageContaining("late");

        // then
        assertThat(Files.exists(dir.resolve("gate"))).as("the upload had begun").isTrue();
        assertThat(setsOrPartials("backups-one")).as(logged.toString()).isEmpty();
        assertThat(setsOrPartials("backups-two")).isEmpty();
    }
}
