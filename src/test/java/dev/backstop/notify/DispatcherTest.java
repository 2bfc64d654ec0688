package dev.backstop.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.EventLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final EventLog log = new EventLog(new PrintStream(logged, true, StandardCharsets.UTF_8), Clock.systemUTC());

    /** A notifier that behaves as told. */
    private record Fake(String name, Behaviour behaviour) implements Notifier {
        enum Behaviour { SENDS, SILENT, FAILS, HANGS, BUG }

        @Override
        public String describe() {
            return name;
        }

        @Override
        public Optional<String> finished(RunNotice notice, Duration timeout) throws NotifyException {
            switch (behaviour) {
                case SENDS:
                    return Optional.of("sent");
                case SILENT:
                    return Optional.empty();
                case FAILS:
                    throw new NotifyException("server said no");
                case HANGS:
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Optional.of("too late");
                default:
                    throw new IllegalStateException("a bug in a notifier");
            }
        }
    }

    @Test
    void finished_notifiersThatFailHangOrHaveBugs_neverThrowAndReportEach() {
        // given
        List<Notifier> notifiers = List.of(new Fake("ok", Fake.Behaviour.SENDS), new Fake("quiet", Fake.Behaviour.SILENT),
                new Fake("refused", Fake.Behaviour.FAILS), new Fake("stuck", Fake.Behaviour.HANGS),
                new Fake("buggy", Fake.Behaviour.BUG));
        Dispatcher dispatcher = new Dispatcher(notifiers, List.of(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)), log);

        // when
        long start = System.nanoTime();
        List<Dispatcher.Delivery> deliveries = dispatcher.finished(Notices.anomaly(), Duration.ofSeconds(10));

        // then every notifier but the silent one is reported, within timeout plus grace
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(deliveries).extracting(Dispatcher.Delivery::notifier, Dispatcher.Delivery::ok)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ok", true),
                        org.assertj.core.groups.Tuple.tuple("refused", false),
                        org.assertj.core.groups.Tuple.tuple("stuck", false),
                        org.assertj.core.groups.Tuple.tuple("buggy", false));
        assertThat(deliveries.get(1).detail()).isEqualTo("server said no");
        assertThat(deliveries.get(2).detail()).isEqualTo("no answer within 1 s; given up");
        assertThat(deliveries).allSatisfy(d -> assertThat(d.event()).isEqualTo("anomaly"));
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("notify: refused failed (the run's outcome stands)");
    }

    @Test
    void finished_budgetShorterThanTimeout_isRespected() {
        // given
        Dispatcher dispatcher = new Dispatcher(List.of(new Fake("stuck", Fake.Behaviour.HANGS)),
                List.of(Duration.ofSeconds(30)), log);

        // when
        long start = System.nanoTime();
        List<Dispatcher.Delivery> deliveries = dispatcher.finished(Notices.anomaly(), Duration.ofSeconds(1));

        // then
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(deliveries).singleElement().satisfies(d -> assertThat(d.ok()).isFalse());
    }
}
