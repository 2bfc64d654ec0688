package dev.backstop.retention;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides which archived log files of one source a target keeps: every file from the one where
 * the oldest kept dump's recorded binlog position lies onward, since a replay from that dump
 * needs them all; the files before it, of the same series ({@code bin.000007} before
 * {@code bin.000012}), are removed. A file is kept or removed whole, so that the files kept
 * still start at byte 0 and verify finds no gap where retention cut. Nothing is removed when an
 * anchor cannot be read or no kept dump has one: then no one can tell what is needed.
 * A pure function: the result depends on its arguments alone.
 */
public final class SegmentPlanner {

    /**
     * Where a kept dump of the source starts in the server's binary log.
     *
     * @param backupId the set that holds the dump
     * @param logFile  the binlog file its manifest records
     * @param position the byte offset in that file
     */
    public record Anchor(String backupId, String logFile, long position) {
    }

    /**
     * What retention does with the segments of one archived log file, and why.
     *
     * @param source  the source whose logs these are
     * @param logFile the server's name of the log file
     * @param keep    true to keep every segment of the file, false to remove them all
     * @param reason  one sentence
     */
    public record LogFileDecision(String source, String logFile, boolean keep, String reason) {

        /** {@code keep (needed from backup X at bin.000012:4567)}. */
        public String describe() {
            return (keep ? "keep" : "remove") + " (" + reason + ")";
        }
    }

    private SegmentPlanner() {
    }

    /**
     * @param source     the source's name
     * @param logFiles   the log files the target holds segments of, in any order
     * @param anchors    the anchors of the dumps that retention keeps on this target
     * @param unreadable why the anchors of some set cannot be read (a manifest unreadable, of a
     *                   newer format, misfiled); null when every kept set could be read
     * @return one decision per log file, in name order
     */
    public static List<LogFileDecision> plan(String source, List<String> logFiles, List<Anchor> anchors, String unreadable) {
        List<String> sorted = new ArrayList<>(logFiles);
        sorted.sort(null);
        List<LogFileDecision> out = new ArrayList<>();
        if (unreadable != null) {
            sorted.forEach(f -> out.add(new LogFileDecision(source, f, true, "the dumps' binlog positions cannot all be"
                    + " read (" + unreadable + "): nothing is removed")));
            return out;
        }
        Anchor oldest = anchors.stream()
                .min(Comparator.comparing(Anchor::logFile).thenComparingLong(Anchor::position)).orElse(null);
        if (oldest == null) {
            sorted.forEach(f -> out.add(new LogFileDecision(source, f, true,
                    "no kept dump records a binlog position: nothing is removed")));
            return out;
        }
        String where = oldest.logFile() + ":" + oldest.position();
        for (String f : sorted) {
            if (!sameSeries(f, oldest.logFile())) {
                out.add(new LogFileDecision(source, f, true, "not of the series of " + oldest.logFile()
                        + ": it cannot be placed before or after the dumps"));
            } else if (f.compareTo(oldest.logFile()) < 0) {
                out.add(new LogFileDecision(source, f, false, "before " + where + ", where the oldest kept dump "
                        + oldest.backupId() + " starts"));
            } else if (f.equals(oldest.logFile())) {
                out.add(new LogFileDecision(source, f, true, "the oldest kept dump " + oldest.backupId() + " starts at "
                        + where));
            } else {
                out.add(new LogFileDecision(source, f, true, "after " + where + ", needed by the oldest kept dump "
                        + oldest.backupId()));
            }
        }
        return out;
    }

    // bin.000007 and bin.000012 are of one series; mariadb-bin.000001 is of another
    private static boolean sameSeries(String a, String b) {
        int dot = a.lastIndexOf('.');
        return dot > 0 && b.lastIndexOf('.') == dot && a.substring(0, dot).equals(b.substring(0, dot))
                && a.length() == b.length();
    }
}
