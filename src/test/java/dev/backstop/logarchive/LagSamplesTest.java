package dev.backstop.logarchive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.RecoveryPointSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lag over time keeps the greatest of each step, and stays bounded. */
class LagSamplesTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    @TempDir
    Path work;

    @Test
    void seen_manyLagsInAStep_oneSampleWithTheGreatest_writtenWhenTheNextBegins() throws Exception {
        LagSamples samples = new LagSamples(work);
        samples.seen(T0.plusSeconds(10), Duration.ofSeconds(1));
        samples.seen(T0.plusSeconds(100), Duration.ofSeconds(95)); // a short stall inside the step
        samples.seen(T0.plusSeconds(200), Duration.ofSeconds(1));
        assertThat(LagSamples.read(work, Instant.EPOCH)).isEmpty();

        samples.seen(T0.plus(LagSamples.STEP), Duration.ofSeconds(2));
        samples.flush();

        assertThat(LagSamples.read(work, Instant.EPOCH)).containsExactly(new RecoveryPointSample(T0, 95),
                new RecoveryPointSample(T0.plus(LagSamples.STEP), 2));
        assertThat(LagSamples.read(work, T0.plusSeconds(1))).hasSize(1);
    }

    @Test
    void flush_pastTheBound_keepsTheNewestKept() throws Exception {
        // given a file at the bound and its slack, as 90 days of steps leave it
        StringBuilder lines = new StringBuilder();
        int full = LagSamples.KEPT + LagSamples.KEPT / 8;
        for (int i = 0; i < full; i++) {
            lines.append(T0.getEpochSecond() + i * LagSamples.STEP.toSeconds()).append(" 1\n");
        }
        Files.writeString(work.resolve(LagSamples.NAME), lines);
        Instant next = T0.plus(LagSamples.STEP.multipliedBy(full));

        // when one more step is written
        LagSamples samples = new LagSamples(work);
        samples.seen(next, Duration.ofSeconds(7));
        samples.flush();

        // then the oldest are gone and the newest is there
        var kept = LagSamples.read(work, Instant.EPOCH);
        assertThat(kept).hasSize(LagSamples.KEPT);
        assertThat(kept.get(kept.size() - 1)).isEqualTo(new RecoveryPointSample(next, 7));
    }
}
