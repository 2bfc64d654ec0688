package dev.backstop.logarchive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.LogSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentGapsTest {

    @Test
    void find_contiguousSegmentsOverTwoFiles_noGap() {
        assertThat(SegmentGaps.find(List.of(seg("bin.000002", 0, 300), seg("bin.000001", 0, 256),
                seg("bin.000001", 256, 1135)))).isEmpty();
    }

    @Test
    void find_missingMiddleSegment_namesTheRange() {
        List<SegmentGaps.Gap> gaps = SegmentGaps.find(List.of(seg("bin.000001", 0, 256), seg("bin.000001", 900, 1135)));

        assertThat(gaps).containsExactly(new SegmentGaps.Gap("bin.000001", 256, 900));
        assertThat(gaps.get(0).toString()).isEqualTo("bin.000001: bytes 256 to 900 are missing");
    }

    @Test
    void find_fileWithoutItsFirstSegment_gapFromZero() {
        assertThat(SegmentGaps.find(List.of(seg("bin.000003", 256, 400))))
                .containsExactly(new SegmentGaps.Gap("bin.000003", 0, 256));
    }

    @Test
    void find_overlappingSegments_reportedAsRepeat() {
        List<SegmentGaps.Gap> gaps = SegmentGaps.find(List.of(seg("bin.000001", 0, 500), seg("bin.000001", 400, 600)));

        assertThat(gaps).containsExactly(new SegmentGaps.Gap("bin.000001", 500, 400));
        assertThat(gaps.get(0).toString()).contains("repeats");
    }

    @Test
    void segmentName_roundTrips_twelveDigits() {
        LogSegment s = seg("bin.000001", 4, 1135);
        assertThat(s.fileName()).isEqualTo("000000000004-000000001135.gz");
        assertThat(LogSegment.parse("bin.000001", s.fileName())).contains(s);
        assertThat(LogSegment.parse("bin.000001", "000000000004-000000001135.gz.sha256")).isEmpty();
        assertThat(LogSegment.parse("bin.000001", "000000000009-000000000004.gz")).isEmpty();
    }

    private static LogSegment seg(String file, long start, long end) {
        return new LogSegment(file, start, end);
    }

    @Test
    void missingFiles_numberSkippedBetweenHeldFiles_namesIt() {
        assertThat(SegmentGaps.missingFiles(List.of("bin.000012", "bin.000009", "bin.000010"))).containsExactly("bin.000011");
        assertThat(SegmentGaps.missingFiles(List.of("bin.000099", "bin.000100"))).isEmpty();
        assertThat(SegmentGaps.missingFiles(List.of("a.000001", "b.000003", "nodot", "x.y"))).isEmpty();
    }
}
