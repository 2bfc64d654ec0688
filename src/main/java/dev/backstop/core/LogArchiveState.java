package dev.backstop.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One source's binary-log archive as its archiver last recorded it in the state directory, for
 * {@code status}, {@code list}, the metrics and the dashboard, which read no target for it.
 *
 * @param source     the source's name
 * @param maxLag     its {@code log_archive.max_lag}
 * @param caughtUp   the last moment at which everything the server had written was on every
 *                   target; null before the first
 * @param newest     where the newest segment on every target ends ({@code bin.000042:1234}); null
 *                   before the first
 * @param newestAt   when that segment was on every target; null before the first
 * @param gaps       the ranges missing between archived segments, each naming its target, as the
 *                   archiver last saw them
 * @param windowFrom the start of the recovery window: the time of the oldest dump from whose
 *                   binlog position a target holds the segments without a gap up to the newest;
 *                   null when no dump has such a chain
 * @param windowDump the backup id of that dump, or null
 * @param checkedAt  when the archiver last looked at the targets' segments and dumps; null never
 * @param process    the archiver process as it recorded itself and as the reader found it; null
 *                   when no archiver ever recorded itself
 */
public record LogArchiveState(String source, Duration maxLag, Instant caughtUp, String newest, Instant newestAt,
                              List<String> gaps, Instant windowFrom, String windowDump, Instant checkedAt,
                              ArchiverProcess process) {

    public LogArchiveState {
        gaps = gaps == null ? List.of() : List.copyOf(gaps);
    }

    /** A source whose archiver has recorded nothing yet. */
    public static LogArchiveState none(String source, Duration maxLag) {
        return new LogArchiveState(source, maxLag, null, null, null, List.of(), null, null, null, null);
    }

    /**
     * The recovery window's end: the moment up to which every committed transaction is archived,
     * which is the caught-up moment; null when there is none or no window start.
     */
    public Instant windowTo() {
        return windowFrom == null ? null : caughtUp;
    }
}
