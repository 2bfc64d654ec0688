package dev.backstop.target;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.TargetException;
import dev.backstop.target.local.LocalConfig;
import dev.backstop.target.local.LocalTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retry decorator around a local target whose planted faults stand for a network. */
class RetryingTargetTest {

    @TempDir
    Path root;

    final List<String> log = new ArrayList<>();
    final AtomicInteger calls = new AtomicInteger();

    Target local() {
        return new LocalTarget(new LocalConfig("nas", root, RetentionPolicy.keepEverything()));
    }

    RetryingTarget retrying(Target t, int retries) {
        return new RetryingTarget(t, new Backoff(retries, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(5)),
                log::add);
    }

    @Test
    void stat_transientTwice_succeedsOnTheThirdAttempt() throws Exception {
        Target flaky = new ForwardingTarget(local()) {
            @Override
            public java.util.Optional<FileInfo> stat(String path) throws IOException {
                if (calls.incrementAndGet() <= 2) {
                    throw new TransientIOException("connection reset", null);
                }
                return super.stat(path);
            }
        };

        assertThat(retrying(flaky, 3).stat("x")).isEmpty();
        assertThat(calls).hasValue(3);
        assertThat(log).hasSize(2).allSatisfy(l -> assertThat(l).contains("connection reset"));
    }

    @Test
    void stat_permanentFailure_isNotRetried() {
        Target denied = new ForwardingTarget(local()) {
            @Override
            public java.util.Optional<FileInfo> stat(String path) throws IOException {
                calls.incrementAndGet();
                throw new AccessDeniedException(path);
            }
        };

        assertThatThrownBy(() -> retrying(denied, 3).stat("x")).isInstanceOf(AccessDeniedException.class);
        assertThat(calls).hasValue(1);
        assertThat(log).isEmpty();
    }

    @Test
    void stat_alwaysTransient_givesUpSayingHowOften() {
        Target down = new ForwardingTarget(local()) {
            @Override
            public java.util.Optional<FileInfo> stat(String path) throws IOException {
                calls.incrementAndGet();
                throw new TransientIOException("timeout", null);
            }
        };

        assertThatThrownBy(() -> retrying(down, 2).stat("x")).isInstanceOf(IOException.class)
                .hasMessageContaining("gave up stat of x after 3 attempt(s)");
        assertThat(calls).hasValue(3);
    }

    @Test
    void preflight_permanentFailure_keepsItsMessageAndIsNotRetried() {
        Target refused = new ForwardingTarget(local()) {
            @Override
            public long preflight(long expected) throws TargetException {
                calls.incrementAndGet();
                throw new TargetException("host key refused");
            }
        };

        assertThatThrownBy(() -> retrying(refused, 3).preflight(1)).isInstanceOf(TargetException.class)
                .hasMessage("host key refused");
        assertThat(calls).hasValue(1);
    }

    @Test
    void write_withoutResumeSupport_restartsFromTheFirstByteWhileItIsKept() throws Exception {
        byte[] data = TestStreams.randomBytes(100_000, 9);
        Target cutOnce = new ForwardingTarget(local()) {
            @Override
            public long write(String path, InputStream in) throws IOException {
                if (calls.incrementAndGet() == 1) {
                    super.write(path, TestStreams.failingAfter(in, 50_000));
                }
                return super.write(path, in);
            }
        };
        RetryingTarget t = retrying(new ForwardingTarget(cutOnce) {
            @Override
            public long write(String path, InputStream in) throws IOException {
                try {
                    return super.write(path, in);
                } catch (IOException e) {
                    throw e.getMessage().contains("planted") ? new TransientIOException("cut", e) : e;
                }
            }
        }, 3);

        long n = t.write("f", new java.io.ByteArrayInputStream(data));

        assertThat(n).isEqualTo(data.length);
        assertThat(Files.readAllBytes(root.resolve("f"))).isEqualTo(data);
    }

    @Test
    void rename_cutAfterTheServerDidIt_countsAsDone() throws Exception {
        Target t = local();
        t.makeDirectories("");
        t.write("a", new java.io.ByteArrayInputStream("A".getBytes(UTF_8)));
        Target lostAnswer = new ForwardingTarget(t) {
            @Override
            public void rename(String from, String to) throws IOException {
                super.rename(from, to);
                if (calls.incrementAndGet() == 1) {
                    throw new TransientIOException("connection reset after the request", null);
                }
            }
        };

        retrying(lostAnswer, 3).rename("a", "b");

        assertThat(root.resolve("b")).hasContent("A");
        assertThat(calls).hasValue(1);
    }
}
