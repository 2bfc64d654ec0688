package dev.backstop.logarchive;

import dev.backstop.core.LogSegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a source's archived segments do not join, judged from their names alone: within each log
 * file the first segment starts at byte 0 and each one starts where the one before ended. A pure
 * function, for verify, status and a restore that must not replay across a gap.
 */
public final class SegmentGaps {

    /** A missing range: bytes [start, end) of {@code logFile}; or an overlap when end &lt; start. */
    public record Gap(String logFile, long start, long end) {
        @Override
        public String toString() {
            return end > start ? logFile + ": bytes " + start + " to " + end + " are missing"
                    : logFile + ": the segment from byte " + end + " repeats bytes up to " + start;
        }
    }

    private SegmentGaps() {
    }

    /** The gaps and overlaps among {@code segments}, in log file and offset order; empty when they join. */
    public static List<Gap> find(List<LogSegment> segments) {
        List<LogSegment> sorted = new ArrayList<>(segments);
        sorted.sort(null);
        List<Gap> gaps = new ArrayList<>();
        String file = null;
        long end = 0;
        for (LogSegment s : sorted) {
            if (!s.logFile().equals(file)) {
                file = s.logFile();
                end = 0;
            }
            if (s.start() != end) {
                gaps.add(new Gap(file, end, s.start()));
            }
            end = s.end();
        }
        return gaps;
    }
}
