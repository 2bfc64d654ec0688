package dev.backstop.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"30s,PT30S", "6h,PT6H", "14d,PT336H", "1h30m,PT1H30M", "250ms,PT0.25S", "2w,PT336H"})
    void parse_validDuration_givesDuration(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "forever", "10", "5 years", "h1", "1h 30x"})
    void parse_invalidDuration_explains(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a duration");
    }

    @ParameterizedTest
    @CsvSource({"PT0.35S,350ms", "PT4.25S,4.2s", "PT62S,1m02s", "PT3H5M,3h05m"})
    void human_isShort(String iso, String text) {
        assertThat(Durations.human(Duration.parse(iso))).isEqualTo(text);
    }
}
