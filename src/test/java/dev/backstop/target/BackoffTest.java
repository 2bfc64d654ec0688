package dev.backstop.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

    static final Backoff BACKOFF = new Backoff(5, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(60));

    @ParameterizedTest(name = "retry {0} after {1}s with draw {2}: wait {3} ms")
    @CsvSource({
        // retry, elapsed s, random draw, expected ms (-1: no retry)
        "1, 0, 0.0, 1000",
        "1, 0, 0.999, 1999",
        "2, 0, 0.0, 2000",
        "3, 0, 0.5, 6000",
        "4, 0, 0.0, 5000",    // 16 s capped at 10 s: half fixed, half jitter
        "5, 0, 1.0, 10000",
        "6, 0, 0.0, -1",      // all retries used
        "0, 0, 0.0, -1",
        "3, 55, 0.5, -1",     // the wait would end after the budget
        "3, 53, 0.5, 6000"
    })
    void delay_table(int retry, int elapsedSeconds, double draw, long expectedMillis) {
        Duration d = BACKOFF.delay(retry, Duration.ofSeconds(elapsedSeconds), () -> draw);

        if (expectedMillis < 0) {
            assertThat(d).isNull();
        } else {
            assertThat(d).isEqualTo(Duration.ofMillis(expectedMillis));
        }
    }
}
