package dev.backstop.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataSelectionTest {

    private static List<String> files() {
        List<String> files = new ArrayList<>();
        for (int day = 1; day <= 30; day++) {
            for (String f : List.of("appdb.sql.gz", "application.tar.gz", "system-state.tar.gz", "packages.txt.gz")) {
                files.add(String.format("202511%02dT020001Z", day) + "/" + f);
            }
        }
        return files;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 10})
    void selects_slicesOneToT_coverEveryFileExactlyOnce(int t) {
        // given 120 files of 30 backups
        List<String> files = files();
        List<String> chosen = new ArrayList<>();

        // when T runs read slices 1/T .. T/T
        for (int n = 1; n <= t; n++) {
            DataSelection slice = DataSelection.parse(n + "/" + t, new Random());
            for (String f : files) {
                if (slice.selects(f.substring(0, 16), f.substring(17))) {
                    chosen.add(f);
                }
            }
        }

        // then every file was read, none twice
        assertThat(chosen).hasSameSizeAs(files).containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void selects_sameSliceTwice_choosesSameFiles() {
        DataSelection a = DataSelection.parse("2/5", new Random(1));
        DataSelection b = DataSelection.parse("2/5", new Random(2));

        for (String f : files()) {
            assertThat(a.selects("20251104T020001Z", f)).isEqualTo(b.selects("20251104T020001Z", f));
        }
    }

    @Test
    void selects_percent_samplesAboutThatShare() {
        DataSelection tenth = DataSelection.parse("10%", new Random(42));
        Set<Integer> hits = new HashSet<>();

        for (int i = 0; i < 10_000; i++) {
            if (tenth.selects("20251104T020001Z", "f" + i)) {
                hits.add(i);
            }
        }

        assertThat(hits.size()).isBetween(850, 1150);
        assertThat(tenth).hasToString("10%");
    }

    @Test
    void noneAndAll_selectNothingAndEverything() {
        assertThat(DataSelection.none().selects("x", "y")).isFalse();
        assertThat(DataSelection.none().readsData()).isFalse();
        assertThat(DataSelection.all().selects("x", "y")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0/3", "4/3", "1/0", "0%", "101%", "abc", "1/", "-5%"})
    void parse_invalid_namesTheAcceptedForms(String text) {
        assertThatThrownBy(() -> DataSelection.parse(text, new Random()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--read-data-subset " + text);
    }
}
