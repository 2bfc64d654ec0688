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

    /**
     * The log files missing whole between those held: the server numbers its files
     * ({@code bin.000041}, {@code bin.000042}), so a number skipped between two files of the same
     * base name is a file of which no segment is held. Before the first and after the last held,
     * nothing can be told.
     */
    public static List<String> missingFiles(List<String> logFiles) {
        List<String> sorted = new ArrayList<>(logFiles);
        sorted.sort(null);
        List<String> missing = new ArrayList<>();
        for (int i = 1; i < sorted.size(); i++) {
            String before = sorted.get(i - 1);
            String after = sorted.get(i);
            int dot = before.lastIndexOf('.');
            if (dot < 0 || after.lastIndexOf('.') != dot || !after.startsWith(before.substring(0, dot + 1))) {
                continue;
            }
            String digits = before.substring(dot + 1);
            long from = number(digits);
            long to = number(after.substring(dot + 1));
            if (from < 0 || to < 0) {
                continue;
            }
            // at most 100 names after each held file, so that a reset numbering cannot flood a report
            for (long n = from + 1; n < to && n <= from + 100; n++) {
                missing.add(before.substring(0, dot + 1) + String.format("%0" + digits.length() + "d", n));
            }
        }
        return missing;
    }

    private static long number(String digits) {
        return digits.chars().allMatch(Character::isDigit) && !digits.isEmpty() && digits.length() < 18
                ? Long.parseLong(digits) : -1;
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
