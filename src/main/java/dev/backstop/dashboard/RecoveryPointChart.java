package dev.backstop.dashboard;

import dev.backstop.core.ArchiverProcess;
import dev.backstop.core.Durations;
import dev.backstop.core.RecoveryPointSample;
import dev.backstop.status.LogLag;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The recovery point of each source's binary-log archive over time: the log lag its archiver
 * sampled (the greatest per step), then the lag now, since between the last sample and now the
 * lag of a stopped archiver grows by the time that passed, which a straight line draws exactly.
 * Drawn with its {@code max_lag} as a flat line and the archiver's stop as a tick. At most
 * {@link #POINTS} points per chart: a year of samples keeps the greatest of each stretch.
 */
final class RecoveryPointChart {

    static final int POINTS = 500;

    private RecoveryPointChart() {
    }

    /** One chart per source, in the order of {@code logs}. */
    static Map<String, String> render(List<LogLag> logs, Function<String, List<RecoveryPointSample>> samples,
                                      Instant from, Instant now) {
        Map<String, String> charts = new LinkedHashMap<>();
        for (LogLag l : logs) {
            List<SvgChart.Point> points = downsample(samples.apply(l.source()), from, now);
            Duration lag = l.at(now);
            if (lag != null) {
                points.add(new SvgChart.Point(now, lag.toSeconds()));
            }
            long maxLag = l.maxLag().toSeconds();
            List<SvgChart.Tick> ticks = new ArrayList<>();
            if (l.archiverAt(now) == ArchiverProcess.Condition.STOPPED && !l.archiver().stoppedAt().isBefore(from)) {
                ticks.add(new SvgChart.Tick(l.archiver().stoppedAt(), "archiver stopped: " + l.archiver().stopReason(now)));
            }
            charts.put(l.source(), SvgChart.render("recovery point of " + l.source() + " over time", from, now,
                    List.of(new SvgChart.Series("log lag of " + l.source(), points),
                            new SvgChart.Series("max_lag " + Durations.human(l.maxLag()),
                                    List.of(new SvgChart.Point(from, maxLag), new SvgChart.Point(now, maxLag)))),
                    List.of(), List.of(), ticks, s -> Durations.human(Duration.ofSeconds(s))));
        }
        return charts;
    }

    /** The samples from {@code from} on, the greatest of each of {@link #POINTS} equal stretches. */
    static List<SvgChart.Point> downsample(List<RecoveryPointSample> samples, Instant from, Instant to) {
        long span = Math.max(1, Duration.between(from, to).toSeconds());
        List<SvgChart.Point> points = new ArrayList<>();
        long stretch = -1;
        for (RecoveryPointSample s : samples) {
            if (s.at().isBefore(from) || s.at().isAfter(to)) {
                continue;
            }
            long at = Duration.between(from, s.at()).toSeconds() * POINTS / span;
            if (at == stretch && !points.isEmpty()) {
                SvgChart.Point last = points.get(points.size() - 1);
                if (s.lagSeconds() > last.value()) {
                    points.set(points.size() - 1, new SvgChart.Point(last.t(), s.lagSeconds()));
                }
            } else {
                points.add(new SvgChart.Point(s.at(), s.lagSeconds()));
                stretch = at;
            }
        }
        return points;
    }
}
