package dev.backstop.logarchive;

import dev.backstop.core.LogSegment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where a point-in-time recovery can start: the oldest dump whose binlog position lies in the
 * stretch of archived segments that joins, without a gap, up to the newest segment. A replay
 * from a dump before a gap stops at the gap, so such a dump does not open the window. A pure
 * function of the dumps and the segments one target holds.
 */
public final class RecoveryWindow {

    /**
     * A dump as the window sees it.
     *
     * @param backupId the set that holds it
     * @param time     when it was taken (its backup id's time)
     * @param at       the binlog position its manifest records
     */
    public record Dump(String backupId, Instant time, LogPosition at) {
    }

    private RecoveryWindow() {
    }

    /** The position from which {@code segments} join up to the newest; empty without segments. */
    public static Optional<LogPosition> chainStart(List<LogSegment> segments) {
        List<LogSegment> sorted = new ArrayList<>(segments);
        sorted.sort(null);
        if (sorted.isEmpty()) {
            return Optional.empty();
        }
        int first = sorted.size() - 1;
        while (first > 0 && joined(sorted.get(first - 1), sorted.get(first))) {
            first--;
        }
        return Optional.of(new LogPosition(sorted.get(first).logFile(), sorted.get(first).start()));
    }

    /** The oldest dump of {@code dumps} whose position the joined stretch of {@code segments} covers. */
    public static Optional<Dump> oldestCovered(List<Dump> dumps, List<LogSegment> segments) {
        Optional<LogPosition> start = chainStart(segments);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        LogSegment newest = segments.stream().max(Comparator.naturalOrder()).orElseThrow();
        LogPosition end = new LogPosition(newest.logFile(), newest.end());
        return dumps.stream()
                .filter(d -> d.at().compareTo(start.get()) >= 0 && d.at().compareTo(end) <= 0)
                .min(Comparator.comparing(Dump::time));
    }

    // within a file, one starts where the other ends; across files, the later file starts at 0 and
    // no file is missing between them (the end of the earlier one cannot be told from names)
    private static boolean joined(LogSegment before, LogSegment after) {
        if (before.logFile().equals(after.logFile())) {
            return before.end() == after.start();
        }
        return after.start() == 0 && SegmentGaps.missingFiles(List.of(before.logFile(), after.logFile())).isEmpty();
    }
}
