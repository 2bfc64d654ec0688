package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.codec.Compression;
import dev.backstop.core.ByteSize;
import dev.backstop.core.EventLog;
import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import dev.backstop.source.Source;
import dev.backstop.source.SourceContext;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Dumps started before the run's decision is final, and dropped when it turns out otherwise. */
@Timeout(60)
class ComponentDumperTest {

    @TempDir
    Path spool;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final EventLog log = new EventLog(new PrintStream(logged, true, StandardCharsets.UTF_8), Clock.systemUTC());

    @Test
    void discard_runningDump_stopsItAndRemovesItsSpoolFilesWhileTheOthersGoOn() throws Exception {
        Blocking stuck = new Blocking("stuck");
        try (ComponentDumper dumper = dumper()) {
            ComponentDumper.Job dropped = job(stuck);
            ComponentDumper.Job kept = job(new Writing("kept", "the kept one\n"));
            dumper.start(dropped, (file, sealed) -> { });
            dumper.start(kept, (file, sealed) -> { });
            assertThat(stuck.started.await(10, TimeUnit.SECONDS)).isTrue();

            dumper.discard(dropped);

            assertThat(stuck.interrupted).isTrue();
            assertThat(spoolNames()).noneMatch(name -> name.contains("stuck"));
            List<ComponentDumper.Dumped> dumped = dumper.awaitAll(List.of(kept));
            assertThat(dumped).hasSize(1);
            assertThat(dumped.get(0).clear().name()).isEqualTo("kept");
            assertThat(spoolNames()).containsExactly("kept.txt.zst");
        }
    }

    @Test
    void discard_dumpStillWaitingForAThread_neverRunsIt() throws Exception {
        List<Blocking> running = new ArrayList<>();
        try (ComponentDumper dumper = dumper()) {
            List<ComponentDumper.Job> jobs = new ArrayList<>();
            for (int i = 0; i < 4; i++) { // as many as run at once
                Blocking b = new Blocking("busy" + i);
                running.add(b);
                jobs.add(job(b));
                dumper.start(jobs.get(i), (file, sealed) -> { });
            }
            for (Blocking b : running) {
                assertThat(b.started.await(10, TimeUnit.SECONDS)).isTrue();
            }
            Blocking waiting = new Blocking("waiting");
            ComponentDumper.Job queued = job(waiting);
            dumper.start(queued, (file, sealed) -> { });

            dumper.discard(queued); // returns although no thread took it

            running.forEach(b -> b.release.countDown());
            assertThatThrownBy(() -> dumper.awaitAll(jobs)).isInstanceOf(SourceException.class)
                    .hasMessageContaining("produced no data at all"); // the blocking sources write nothing
            assertThat(waiting.started.getCount()).as("the dropped dump never started").isEqualTo(1);
            assertThat(spoolNames()).noneMatch(name -> name.contains("waiting"));
        }
    }

    private ComponentDumper dumper() {
        return new ComponentDumper(Compression.ZSTD, null, false, spool, new ArrayList<>(), log);
    }

    private static ComponentDumper.Job job(Source source) {
        return new ComponentDumper.Job(source, ByteSize.ofBytes(0), null);
    }

    private List<String> spoolNames() throws Exception {
        try (Stream<Path> files = Files.list(spool)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A source of the command kind, under a name of its own. */
    private abstract static class NamedSource implements Source {
        private final String name;

        NamedSource(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String type() {
            return "command";
        }

        @Override
        public String extension() {
            return "txt";
        }

        @Override
        public void preflight() {
        }
    }

    /** A source that writes one line. */
    private static final class Writing extends NamedSource {
        private final String text;

        Writing(String name, String text) {
            super(name);
            this.text = text;
        }

        @Override
        public SourceFacts dump(OutputStream out, SourceContext context) throws java.io.IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            return SourceFacts.none();
        }
    }

    /** A source that waits, writing nothing, until released or interrupted. */
    private static final class Blocking extends NamedSource {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean interrupted;

        Blocking(String name) {
            super(name);
        }

        @Override
        public SourceFacts dump(OutputStream out, SourceContext context) throws InterruptedException {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted = true;
                throw e;
            }
            return SourceFacts.none();
        }
    }
}
