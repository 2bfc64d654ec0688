package dev.backstop.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.TargetException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The retry loop alone: which failures it retries, how long, and what it throws when it stops. */
class RetryLoopTest {

    final List<String> log = new ArrayList<>();
    final AtomicInteger attempts = new AtomicInteger();

    RetryLoop loop(int retries, Duration budget) {
        return new RetryLoop("nas", new Backoff(retries, Duration.ofMillis(1), Duration.ofMillis(5), budget), log::add);
    }

    @Test
    void run_permanentFailure_thrownUnchangedWithoutARetry() {
        AccessDeniedException denied = new AccessDeniedException("backups/host");

        assertThatThrownBy(() -> loop(5, Duration.ofSeconds(5)).run("stat of backups/host", () -> {
            attempts.incrementAndGet();
            throw denied;
        })).isSameAs(denied);
        assertThat(attempts).hasValue(1);
        assertThat(log).isEmpty();
    }

    @Test
    void run_transientFailuresWithinTheBudget_retriedUntilTheCallSucceeds() throws Exception {
        String result = loop(5, Duration.ofSeconds(5)).run("listing backups", () -> {
            if (attempts.incrementAndGet() <= 3) {
                throw new IOException("listing backups", new TransientIOException("connection reset", null));
            }
            return "listed";
        });

        assertThat(result).isEqualTo("listed");
        assertThat(attempts).hasValue(4);
        assertThat(log).hasSize(3).first().asString().startsWith("target nas: listing backups failed (listing backups); retry 1 of 5 in ");
    }

    @Test
    void run_transientFailureOnceTheBudgetIsSpent_givesUpSayingHowOften() {
        RetryLoop shortBudget = new RetryLoop("nas", new Backoff(5, Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofMillis(1)), log::add);

        assertThatThrownBy(() -> shortBudget.run("stat of x", () -> {
            attempts.incrementAndGet();
            throw new TransientIOException("timeout", null);
        })).isInstanceOf(IOException.class).hasMessageStartingWith("timeout (gave up stat of x after 1 attempt(s) in ")
                .cause().isInstanceOf(TransientIOException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void run_failureOfAnotherType_permanentPassesAndTransientGivesUpAsThatType() {
        TargetException refused = new TargetException("host key refused");
        assertThatThrownBy(() -> loop(3, Duration.ofSeconds(5)).run("preflight", () -> {
            throw refused;
        }, e -> new TargetException(e.getMessage(), e))).isSameAs(refused);

        assertThatThrownBy(() -> loop(2, Duration.ofSeconds(5)).run("preflight", () -> {
            attempts.incrementAndGet();
            throw new TargetException("unreachable", new TransientIOException("no route to host", null));
        }, e -> new TargetException(e.getMessage(), e))).isInstanceOf(TargetException.class)
                .hasMessageStartingWith("unreachable (gave up preflight after 3 attempt(s)");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void run_uncheckedFailureWithATransientCause_isNotRetried() {
        assertThatThrownBy(() -> loop(3, Duration.ofSeconds(5)).run("stat of x", () -> {
            attempts.incrementAndGet();
            throw new UncheckedIOException(new TransientIOException("reset", null));
        })).isInstanceOf(UncheckedIOException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void run_interruptedWhileWaitingToRetry_stopsAndKeepsTheInterrupt() {
        RetryLoop slow = new RetryLoop("nas", new Backoff(3, Duration.ofMinutes(1), Duration.ofMinutes(1),
                Duration.ofMinutes(10)), log::add);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> slow.run("deleting x", () -> {
                throw new TransientIOException("reset", null);
            })).isInstanceOf(InterruptedIOException.class).hasMessage("interrupted while waiting to retry");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
