package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.ComponentFile;
import dev.backstop.config.TargetConfig;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.EventLog;
import dev.backstop.target.ForwardingTarget;
import dev.backstop.target.Target;
import dev.backstop.target.TestSets;
import dev.backstop.target.local.LocalTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lanes on their own: what close does to a verification that is still running on a lane's second thread. */
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
        Target hanging = new ForwardingTarget(new LocalTarget(new TargetConfig.Local("disk", root, null))) {
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
    }
}
