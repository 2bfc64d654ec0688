package dev.backstop.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.RecoveryPointSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A year of samples is drawn with a bounded number of points, each stretch's greatest lag kept. */
class RecoveryPointChartTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void downsample_aYearOfFiveMinuteSamples_atMostPointsAndNoStallLost() {
        // given 90 days of 5-minute samples of 1 s, with one stall of 3600 s
        Instant from = NOW.minus(Duration.ofDays(365));
        List<RecoveryPointSample> samples = new ArrayList<>();
        for (Instant t = NOW.minus(Duration.ofDays(90)); t.isBefore(NOW); t = t.plus(Duration.ofMinutes(5))) {
            samples.add(new RecoveryPointSample(t, t.equals(NOW.minus(Duration.ofDays(30))) ? 3600 : 1));
        }

        List<SvgChart.Point> points = RecoveryPointChart.downsample(samples, from, NOW);

        assertThat(points.size()).isLessThanOrEqualTo(RecoveryPointChart.POINTS).isGreaterThan(100);
        assertThat(points).extracting(SvgChart.Point::value).contains(3600L);
        assertThat(points.get(0).t()).isEqualTo(NOW.minus(Duration.ofDays(90)));
    }
}
