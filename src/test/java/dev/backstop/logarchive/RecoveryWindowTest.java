package dev.backstop.logarchive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.LogSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a point-in-time recovery can start, from the dumps' positions and the segments' names. */
class RecoveryWindowTest {

    private static final RecoveryWindow.Dump MONDAY = dump("20251103T030000Z", "bin.000002", 120);
    private static final RecoveryWindow.Dump TUESDAY = dump("20251104T030000Z", "bin.000004", 40);
    private static final RecoveryWindow.Dump WEDNESDAY = dump("20251105T030000Z", "bin.000005", 10);

    @Test
    void oldestCovered_chainJoinsFromTheOldestDump_thatDump() {
        List<LogSegment> segments = List.of(seg("bin.000002", 0, 300), seg("bin.000003", 0, 90), seg("bin.000003", 90, 200),
                seg("bin.000004", 0, 500), seg("bin.000005", 0, 60));

        assertThat(RecoveryWindow.oldestCovered(List.of(WEDNESDAY, MONDAY, TUESDAY), segments)).contains(MONDAY);
    }

    @Test
    void oldestCovered_aGapAfterTheOldestDump_theFirstDumpAfterTheGap() {
        // bytes 90 to 100 of bin.000003 are missing: a replay from Monday stops there
        List<LogSegment> segments = List.of(seg("bin.000002", 0, 300), seg("bin.000003", 0, 90), seg("bin.000003", 100, 200),
                seg("bin.000004", 0, 500), seg("bin.000005", 0, 60));

        assertThat(RecoveryWindow.chainStart(segments)).contains(new LogPosition("bin.000003", 100));
        assertThat(RecoveryWindow.oldestCovered(List.of(MONDAY, TUESDAY, WEDNESDAY), segments)).contains(TUESDAY);
    }

    @Test
    void oldestCovered_aWholeFileMissing_theChainStartsAfterIt() {
        List<LogSegment> segments = List.of(seg("bin.000002", 0, 300), seg("bin.000004", 0, 500), seg("bin.000005", 0, 60));

        assertThat(RecoveryWindow.chainStart(segments)).contains(new LogPosition("bin.000004", 0));
        assertThat(RecoveryWindow.oldestCovered(List.of(MONDAY, TUESDAY), segments)).contains(TUESDAY);
    }

    @Test
    void oldestCovered_dumpNewerThanTheNewestSegment_none() {
        List<LogSegment> segments = List.of(seg("bin.000002", 0, 300));

        assertThat(RecoveryWindow.oldestCovered(List.of(TUESDAY), segments)).isEmpty();
        assertThat(RecoveryWindow.oldestCovered(List.of(MONDAY), List.of())).isEmpty();
    }

    private static LogSegment seg(String file, long start, long end) {
        return new LogSegment(file, start, end);
    }

    private static RecoveryWindow.Dump dump(String id, String file, long position) {
        return new RecoveryWindow.Dump(id, dev.backstop.core.BackupId.parse(id).time(), new LogPosition(file, position));
    }
}
