package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.LiveThreads;
import dev.backstop.run.Cancellation;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;

class SignalTrapTest {

    private static final Duration GRACE = Duration.ofMillis(300);

    private final Cancellation cancellation = new Cancellation();
    private final CompletableFuture<Integer> halted = new CompletableFuture<>();

    @Test
    void signal_cleanupOutlastsTheGrace_haltsWithTheSignalsExitCode() throws Exception {
        // given a trap whose command does not end after SIGTERM
        try (SignalTrap trap = SignalTrap.install(cancellation, GRACE, halted::complete)) {
            // when
            Signal.raise(new Signal("TERM"));

            // then
            assertThat(halted.get(5, TimeUnit.SECONDS)).isEqualTo(143);
            assertThat(cancellation.requested()).isTrue();
        }
    }

    @Test
    void close_commandEndedAfterASignal_cancelsTheWatchdog() throws Exception {
        // given a trap that caught SIGINT
        SignalTrap trap = SignalTrap.install(cancellation, GRACE, halted::complete);
        Signal.raise(new Signal("INT"));
        awaitCancellation();

        // when the command ends in time
        trap.close();

        // then nothing halts after the grace, and the watchdog is gone
        Thread.sleep(GRACE.multipliedBy(2).toMillis());
        assertThat(halted).isNotDone();
        assertThat(LiveThreads.awaitEnded(t -> t.getName().equals("signal-watchdog"), Duration.ofSeconds(1))).isEmpty();
    }

    private void awaitCancellation() throws InterruptedException {
        for (int i = 0; i < 200 && !cancellation.requested(); i++) {
            Thread.sleep(10);
        }
        assertThat(cancellation.requested()).isTrue();
    }
}
