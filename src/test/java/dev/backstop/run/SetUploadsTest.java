package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.ComponentFile;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.EventLog;
import dev.backstop.target.ForwardingTarget;
import dev.backstop.target.Target;
import dev.backstop.target.TestSets;
import dev.backstop.target.local.LocalConfig;
import dev.backstop.target.local.LocalTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lanes on their own: when a lane takes a component, and what close does to a verification still running. */
class SetUploadsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final EventLog log = new EventLog(new PrintStream(logged, true), Clock.systemUTC());

    @Test
    void close_whileAVerificationIsPending_stopsItAndRemovesThePartialSet() throws Exception {
        // given a target whose read-back hangs until its thread is interrupted
        TestSets.SpooledSet set = TestSets.twoComponents(dir.resolve("spool"), TestSets.ID);
        Path root = dir.resolve("root");
        CountDownLatch verifying = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Target hanging = new ForwardingTarget(new LocalTarget(new LocalConfig("disk", root, null))) {
            @Override
            public InputStream read(String path) throws IOException {
                verifying.countDown();
                try {
                    new CountDownLatch(1).await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("read-back interrupted");
                }
                throw new IOException("the read-back was not interrupted within 30 s");
            }
        };
        SetUploads uploads = new SetUploads(List.of(hanging), TestSets.HOST, TestSets.ID, log);
        ComponentEntry first = set.manifest().components().get(0);
        uploads.send(ComponentFile.complete(first, set.files().get(first.file())));
        assertThat(verifying.await(20, TimeUnit.SECONDS)).as(logged.toString()).isTrue();
        assertThat(root.resolve(set.partialDir()).resolve(first.file())).exists();

        // when the run ends while that verification is pending
        uploads.close();

        // then
        assertThat(interrupted.getCount()).as("the verification was interrupted").isZero();
        assertThat(root.resolve(set.partialDir())).as(logged.toString()).doesNotExist();
        assertThat(root.resolve(set.finalDir())).doesNotExist();
        assertThat(logged.toString()).as("a stopped lane does not blame its target")
                .doesNotContain("ERROR").doesNotContain("interrupted")
                .contains("target disk: upload stopped, the run ends without this backup");
    }

    @Test
    void send_dumpWithoutHeadStart_laneWaitsUntilItEndsThenUploadsIt() throws Exception {
        // given a component whose dump has written only a few bytes so far
        TestSets.SpooledSet set = TestSets.twoComponents(dir.resolve("spool"), TestSets.ID);
        Path root = dir.resolve("root");
        CountDownLatch written = new CountDownLatch(2);
        Target recording = new ForwardingTarget(new LocalTarget(new LocalConfig("disk", root, null))) {
            @Override
            public long write(String path, InputStream in) throws IOException {
                long n = super.write(path, in);
                written.countDown();
                return n;
            }
        };
        List<ComponentEntry> entries = set.manifest().components();
        Dumping first = new Dumping(entries.get(0), set.files().get(entries.get(0).file()));
        Dumping second = new Dumping(entries.get(1), set.files().get(entries.get(1).file()));
        try (SetUploads uploads = new SetUploads(List.of(recording), TestSets.HOST, TestSets.ID, log)) {
            uploads.send(first);
            uploads.send(second);

            // when nothing happens, then nothing is uploaded
            assertThat(written.await(300, TimeUnit.MILLISECONDS)).as("uploaded before any dump had a head start").isFalse();

            // when the dumps end, then both are uploaded without being asked again, and the set commits
            first.end();
            second.end();
            assertThat(written.await(20, TimeUnit.SECONDS)).as(logged.toString()).isTrue();
            SetUploads.Result result = uploads.finish(set.manifest()).get("disk");
            assertThat(result.failure()).isNull();
            assertThat(root.resolve(set.finalDir()).resolve(entries.get(1).file())).exists();
        }
    }

    @Test
    void send_dumpFails_laneSaysItStoppedWithoutBlamingItsTarget() throws Exception {
        // given a lane that follows a dump, with its head start
        TestSets.SpooledSet set = TestSets.twoComponents(dir.resolve("spool"), TestSets.ID);
        Path root = dir.resolve("root");
        ComponentEntry entry = set.manifest().components().get(0);
        Dumping dump = new Dumping(entry, set.files().get(entry.file()));
        try (SetUploads uploads = new SetUploads(List.of(new LocalTarget(new LocalConfig("disk", root, null))),
                TestSets.HOST, TestSets.ID, log)) {
            uploads.send(dump);

            // when the source fails
            dump.fail();
            SetUploads.Result result = uploads.finish(set.manifest()).get("disk");

            // then the lane failed, and its log says it stopped, not that the target failed
            assertThat(result.failure()).isNotNull();
            assertThat(logged.toString()).doesNotContain("ERROR")
                    .contains("target disk: upload stopped, the run ends without this backup");
        }
    }

    /** A component whose dump runs until {@link #end}: until then it has written a few bytes. */
    private static final class Dumping implements ComponentFile {
        private final ComponentFile done;
        private final CompletableFuture<Void> ended = new CompletableFuture<>();

        Dumping(ComponentEntry entry, Path spool) {
            this.done = ComponentFile.complete(entry, spool);
        }

        void end() {
            ended.complete(null);
        }

        void fail() {
            ended.completeExceptionally(new IOException("the dump of source 'db' failed or was stopped"));
        }

        @Override
        public String file() {
            return done.file();
        }

        @Override
        public Path spool() {
            return done.spool();
        }

        @Override
        public InputStream open() throws IOException {
            return done.open();
        }

        @Override
        public long bytesSoFar() {
            return ended.isDone() ? done.bytesSoFar() : 10;
        }

        @Override
        public boolean ended() {
            return ended.isDone();
        }

        @Override
        public CompletableFuture<?> whenAtLeast(long bytes) {
            return ended;
        }

        @Override
        public ComponentEntry awaitEntry() throws IOException, InterruptedException {
            try {
                ended.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw (IOException) e.getCause();
            }
            return done.awaitEntry();
        }
    }
}
