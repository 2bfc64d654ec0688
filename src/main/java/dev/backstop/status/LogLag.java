package dev.backstop.status;

import dev.backstop.core.ArchiverProcess;
import dev.backstop.core.LogArchiveState;
import dev.backstop.status.Health.PerfDatum;
import dev.backstop.status.Health.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The binary-log archive of one source as {@code status} judges it: the lag is now minus the last
 * moment at which everything the server had written was on every target, so an idle server,
 * whose archiver keeps that moment fresh, does not lag, while a dead or stuck archiver does. A gap
 * the archiver saw on a target is CRITICAL; the recovery window runs from the oldest dump whose
 * chain of segments is complete to that moment. The archiver service found stopped (its pid gone,
 * its heartbeat stale, or it ended) is CRITICAL with the reason it recorded; one that has been
 * failing to stream for {@link #RECONNECT_GRACE} is a WARNING naming its last error (beyond
 * {@code max_lag} the lag makes it CRITICAL).
 *
 * @param source     the source's name
 * @param maxLag     its {@code log_archive.max_lag}: a greater lag is CRITICAL
 * @param caughtUp   that moment, or null when the archiver never got there
 * @param gaps       the gaps the archiver last saw, each naming its target
 * @param windowFrom the recovery window's start, or null when no dump has a complete chain
 * @param windowDump the backup id of that dump, or null
 * @param checkedAt  when the archiver last looked at the targets; null when it never did
 * @param archiver   the archiver process as it recorded itself and was found; null when none ever ran
 */
public record LogLag(String source, Duration maxLag, Instant caughtUp, List<String> gaps, Instant windowFrom,
                     String windowDump, Instant checkedAt, ArchiverProcess archiver) {

    /** How long an archiver may fail to stream before status warns: a server restart takes a few seconds. */
    static final Duration RECONNECT_GRACE = Duration.ofMinutes(1);

    public LogLag {
        gaps = gaps == null ? List.of() : List.copyOf(gaps);
    }

    /** A lag alone, the targets not looked at yet. */
    public LogLag(String source, Duration maxLag, Instant caughtUp) {
        this(source, maxLag, caughtUp, List.of(), null, null, null, null);
    }

    /** Without an archiver process recorded. */
    public LogLag(String source, Duration maxLag, Instant caughtUp, List<String> gaps, Instant windowFrom,
                  String windowDump, Instant checkedAt) {
        this(source, maxLag, caughtUp, gaps, windowFrom, windowDump, checkedAt, null);
    }

    /** The archive as its archiver recorded it. */
    public static LogLag of(LogArchiveState s) {
        return new LogLag(s.source(), s.maxLag(), s.caughtUp(), s.gaps(), s.windowFrom(), s.windowDump(), s.checkedAt(),
                s.process());
    }

    /** The lag at {@code now}, never negative; null when the archiver never caught up. */
    public Duration at(Instant now) {
        if (caughtUp == null) {
            return null;
        }
        Duration lag = Duration.between(caughtUp, now);
        return lag.isNegative() ? Duration.ZERO : lag;
    }

    /** The recovery window's end: the caught-up moment, when there is a window at all; else null. */
    public Instant windowTo() {
        return windowFrom == null ? null : caughtUp;
    }

    /**
     * {@code appdb recoverable to any moment from 2026-12-01T03:00:00Z to 2026-12-04T10:15:00Z}, or null;
     * in whole seconds, as {@code restore --at} takes them.
     */
    String describeWindow() {
        return windowTo() == null ? null : source + " recoverable to any moment from " + windowFrom + " (dump "
                + windowDump + ") to " + caughtUp.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** The archiver's condition at {@code now}; null when none ever recorded itself. */
    public ArchiverProcess.Condition archiverAt(Instant now) {
        return archiver == null ? null : archiver.condition(now);
    }

    void evaluate(Instant now, List<Problem> problems, List<PerfDatum> perf) {
        ArchiverProcess.Condition condition = archiverAt(now);
        if (condition == ArchiverProcess.Condition.STOPPED) {
            problems.add(new Problem(HealthState.CRITICAL, archiver.describeStop(source, now)));
        } else if (condition == ArchiverProcess.Condition.RECONNECTING
                && Duration.between(archiver.failingSince(), now).compareTo(RECONNECT_GRACE) >= 0) {
            problems.add(new Problem(HealthState.WARNING, archiver.describeFailing(source, now)));
        }
        if (!gaps.isEmpty()) {
            problems.add(new Problem(HealthState.CRITICAL, "source " + source + ": the archived binary logs have "
                    + gaps.size() + " gap(s), a replay stops at the first: " + gaps.get(0)
                    + "; run `backstop verify`, and `backstop run` for a dump after it"));
        }
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
        if (windowTo() != null) {
            perf.add(new PerfDatum("log_window_" + source, Math.max(0, Duration.between(windowFrom, caughtUp).toSeconds()),
                    "s", null, null));
        } else if (checkedAt != null) {
            problems.add(new Problem(HealthState.WARNING, "source " + source + ": no dump on any target starts a complete"
                    + " chain of archived binary logs, so no point-in-time recovery is possible yet; run `backstop run`"
                    + " while backstop-archive-logs.service runs"));
        }
    }
}
