package dev.backstop.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.AnomalyConfig;
import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ComponentIncrement;
import dev.backstop.core.SourceFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnomalyDetectorTest {

    private static final AnomalyConfig DEFAULTS = new AnomalyConfig(7, 20, 100);

    private static ComponentEntry dump(String name, long bytes, Map<String, Long> rows) {
        return new ComponentEntry(name, "mysql", name + ".sql.gz", "gzip", bytes, bytes * 5, "ab".repeat(32), 10,
                SourceFacts.database("10.11", true, new TreeMap<>(rows)));
    }

    private static ComponentEntry files(String name, long bytes, long fileCount) {
        return new ComponentEntry(name, "files", name + ".tar.gz", "gzip", bytes, bytes * 2, "cd".repeat(32), 10,
                SourceFacts.files(fileCount, bytes * 2, List.of(), List.of()));
    }

    private static List<List<ComponentEntry>> runsOf(long... bytes) {
        List<List<ComponentEntry>> runs = new ArrayList<>();
        for (long b : bytes) {
            runs.add(List.of(dump("appdb", b, Map.of())));
        }
        return runs;
    }

    static Stream<Arguments> sizes() {
        return Stream.of(
                // the audit's two sizes: a 1.2% drop, no finding, no overflow
                Arguments.of("audit's sizes", runsOf(234_799_047L), 231_893_064L, List.of()),
                Arguments.of("50 MB to 10 MB", runsOf(50_000_000L), 10_000_000L, List.of("bytes", "raw_bytes")),
                Arguments.of("exactly at the limit is no finding", runsOf(100L), 80L, List.of()),
                Arguments.of("one byte past the limit", runsOf(100L), 79L, List.of("bytes", "raw_bytes")),
                Arguments.of("doubling is at the growth limit", runsOf(1000L), 2000L, List.of()),
                Arguments.of("growth past the limit", runsOf(1000L), 2001L, List.of("bytes", "raw_bytes")),
                Arguments.of("median, not mean: one outlier", runsOf(100L, 100L, 10_000L), 95L, List.of()),
                Arguments.of("even count: mean of the middle two", runsOf(100L, 200L, 300L, 400L), 199L, List.of("bytes",
                        "raw_bytes")),
                Arguments.of("first run", runsOf(), 5L, List.of()),
                Arguments.of("near Long.MAX_VALUE does not overflow", runsOf(Long.MAX_VALUE / 5), Long.MAX_VALUE / 10,
                        List.of("bytes", "raw_bytes")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sizes")
    void detect_sizeAgainstMedian_findsExactlyThese(String name, List<List<ComponentEntry>> baseline, long current,
                                                    List<String> metrics) {
        // given a run of `current` bytes; when
        List<AnomalyFinding> findings = AnomalyDetector.detect(List.of(dump("appdb", current, Map.of())), baseline,
                n -> DEFAULTS);

        // then
        assertThat(findings).extracting(AnomalyFinding::metric).containsExactlyElementsOf(metrics);
    }

    @Test
    void detect_fiftyToTenMegabytes_namesBothValuesInTheMessage() {
        // given / when
        List<AnomalyFinding> findings = AnomalyDetector.detect(List.of(dump("appdb", 10_000_000L, Map.of())),
                runsOf(50_000_000L, 50_100_000L, 49_900_000L), n -> DEFAULTS);

        // then
        assertThat(findings.get(0)).isEqualTo(new AnomalyFinding("appdb", "bytes", 50_000_000L, 10_000_000L,
                "appdb: bytes fell from 47.7 MiB (50000000 bytes) to 9.5 MiB (10000000 bytes) (-80%, limit -20%)"));
    }

    @Test
    void detect_tableFallsToZeroOrDisappears_isAlwaysAFinding() {
        // given thresholds so wide that no percentage could trigger
        AnomalyConfig lax = new AnomalyConfig(7, 100, 1_000_000);
        List<List<ComponentEntry>> baseline = List.of(
                List.of(dump("appdb", 1000, Map.of("users", 3L, "orders", 10L, "sessions", 4L))),
                List.of(dump("appdb", 1000, Map.of("users", 3L, "orders", 12L, "sessions", 5L))));

        // when sessions falls to zero and orders is gone
        List<AnomalyFinding> findings = AnomalyDetector.detect(
                List.of(dump("appdb", 1000, Map.of("users", 3L, "sessions", 0L))), baseline, n -> lax);

        // then
        assertThat(findings).extracting(AnomalyFinding::subject, AnomalyFinding::metric, AnomalyFinding::baseline,
                        AnomalyFinding::current)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("appdb/orders", "rows", 11L, 0L),
                        org.assertj.core.groups.Tuple.tuple("appdb/sessions", "rows", 4L, 0L));
        assertThat(findings.get(0).message()).isEqualTo("table orders of appdb disappeared (it had 11 rows)");
    }

    @Test
    void detect_rowsAndFileCount_usePerComponentThresholds() {
        // given appdb tolerates a 50% shrink, www the default 20%
        List<List<ComponentEntry>> baseline = List.of(
                List.of(dump("appdb", 1000, Map.of("logs", 1000L)), files("www", 1000, 500)));
        Map<String, AnomalyConfig> own = Map.of("appdb", new AnomalyConfig(7, 50, 100));

        // when logs loses 40% of its rows and www 40% of its files
        List<AnomalyFinding> findings = AnomalyDetector.detect(
                List.of(dump("appdb", 1000, Map.of("logs", 600L)), files("www", 1000, 300)), baseline,
                n -> own.getOrDefault(n, DEFAULTS));

        // then only www is a finding
        assertThat(findings).extracting(AnomalyFinding::subject, AnomalyFinding::metric)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("www", "file_count"));
        assertThat(findings.get(0).message()).isEqualTo("www: file_count fell from 500 to 300 (-40%, limit -20%)");
    }

    /** A files component of a chain: {@code level} 0 a full; a tree of {@code treeBytes} in {@code fileCount} files. */
    private static ComponentEntry chained(int level, long storedBytes, long fileCount, long treeBytes) {
        ComponentIncrement inc = ComponentIncrement.full("20251101T020000Z");
        for (int i = 0; i < level; i++) {
            inc = inc.next("2025110" + (i + 1) + "T020000Z");
        }
        return new ComponentEntry("www", "files", "www.tar.gz", "gzip", storedBytes, storedBytes * 2, "cd".repeat(32), 10,
                SourceFacts.files(fileCount, treeBytes, List.of(), List.of()), null, inc);
    }

    @Test
    void detect_smallIncrementAfterFulls_isNoFindingWhileItsTreeIsUnchanged() {
        // given two fulls of 1 GB and increments of a few MB, newest first
        List<List<ComponentEntry>> baseline = List.of(List.of(chained(2, 3_000_000, 500, 2_000_000_000L)),
                List.of(chained(1, 4_000_000, 500, 2_000_000_000L)), List.of(chained(0, 1_000_000_000, 500, 2_000_000_000L)),
                List.of(files("www", 1_000_000_000, 500)));

        // when an increment of 2 MB and a full of 1.1 GB come
        List<AnomalyFinding> increment = AnomalyDetector.detect(List.of(chained(3, 2_000_000, 505, 2_010_000_000L)),
                baseline, n -> DEFAULTS);
        List<AnomalyFinding> full = AnomalyDetector.detect(List.of(chained(0, 1_100_000_000, 505, 2_010_000_000L)),
                baseline, n -> DEFAULTS);

        // then neither is a finding: the full is compared with the fulls, not with the increments
        assertThat(increment).isEmpty();
        assertThat(full).isEmpty();
    }

    @Test
    void detect_incrementWhoseTreeShrank_isAFindingOnTheTreeNotOnItsSize() {
        // given a full and an increment of a tree of 2 GB in 500 files
        List<List<ComponentEntry>> baseline = List.of(List.of(chained(1, 4_000_000, 500, 2_000_000_000L)),
                List.of(chained(0, 1_000_000_000, 500, 2_000_000_000L)));

        // when an increment finds half the bytes, and a full finds half the files
        List<AnomalyFinding> increment = AnomalyDetector.detect(List.of(chained(2, 1_000, 500, 1_000_000_000L)),
                baseline, n -> DEFAULTS);
        List<AnomalyFinding> full = AnomalyDetector.detect(List.of(chained(0, 500_000_000, 250, 1_000_000_000L)),
                baseline, n -> DEFAULTS);

        // then
        assertThat(increment).extracting(AnomalyFinding::metric).containsExactly("file_bytes");
        assertThat(increment.get(0).message()).startsWith("www: file_bytes fell from 1.9 GiB");
        assertThat(full).extracting(AnomalyFinding::metric).containsExactly("bytes", "raw_bytes", "file_count");
        assertThat(full.get(0).baseline()).isEqualTo(1_000_000_000L);
    }

    @Test
    void detect_newComponentAndNewTableAndGrowthFromZero_areNotFindings() {
        // given
        List<List<ComponentEntry>> baseline = List.of(List.of(dump("appdb", 1000, Map.of("empty", 0L))));

        // when
        List<AnomalyFinding> findings = AnomalyDetector.detect(
                List.of(dump("appdb", 1000, Map.of("empty", 50L, "brand_new", 7L)), files("www", 10, 1)), baseline,
                n -> DEFAULTS);

        // then
        assertThat(findings).isEmpty();
    }

    @Test
    void median_evenCountOfLargeValues_doesNotOverflow() {
        assertThat(Median.of(List.of(Long.MAX_VALUE, Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThat(Median.of(List.of(3L, 1L, 2L))).isEqualTo(2L);
        assertThat(Median.of(List.of(1L, 4L))).isEqualTo(2L);
    }
}
