package dev.backstop.status;

import dev.backstop.status.Health.PerfDatum;
import dev.backstop.status.Health.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The binary-log archive of one source as {@code status} judges it: the lag is now minus the last
 * moment at which everything the server had written was on every target, so an idle server,
 * whose archiver keeps that moment fresh, does not lag, while a dead or stuck archiver does.
 *
 * @param source   the source's name
 * @param maxLag   its {@code log_archive.max_lag}: a greater lag is CRITICAL
 * @param caughtUp that moment, or null when the archiver never got there
 */
public record LogLag(String source, Duration maxLag, Instant caughtUp) {

    /** The lag at {@code now}, never negative; null when the archiver never caught up. */
    public Duration at(Instant now) {
        if (caughtUp == null) {
            return null;
        }
        Duration lag = Duration.between(caughtUp, now);
        return lag.isNegative() ? Duration.ZERO : lag;
    }

    void evaluate(Instant now, List<Problem> problems, List<PerfDatum> perf) {
        Duration lag = at(now);
        if (lag == null) {
            problems.add(new Problem(HealthState.CRITICAL, "source " + source + ": the binary-log archiver has never"
                    + " caught up, so no committed transaction since the last dump is safe; start it:"
                    + " systemctl enable --now backstop-archive-logs.service (or run `backstop archive-logs --once`"
                    + " and read its errors)"));
            return;
        }
        perf.add(new PerfDatum("log_lag_" + source, lag.toSeconds(), "s", null, maxLag.toSeconds()));
        if (lag.compareTo(maxLag) > 0) {
            problems.add(new Problem(HealthState.CRITICAL, "source " + source + ": the binary-log archive is "
                    + HealthEvaluator.human(lag) + " behind the server (last caught up " + HealthEvaluator.ago(caughtUp, now)
                    + "), more than max_lag " + HealthEvaluator.human(maxLag) + "; is backstop-archive-logs.service"
                    + " running? see journalctl -u backstop-archive-logs"));
        }
    }
}
