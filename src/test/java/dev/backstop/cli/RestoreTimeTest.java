package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RestoreTimeTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void parse_utcOffsetAndLocal_sameMoment() {
        Instant utc = RestoreTime.parse("2026-12-04T10:15:00Z", BERLIN);

        assertThat(RestoreTime.parse("2026-12-04T11:15:00+01:00", BERLIN)).isEqualTo(utc);
        assertThat(RestoreTime.parse("2026-12-04 11:15:00", BERLIN)).isEqualTo(utc);
        assertThat(utc).isEqualTo(Instant.parse("2026-12-04T10:15:00Z"));
    }

    @Test
    void parse_localTimeTheClocksSkipOrRepeat_refusedAskingForAnOffset() {
        assertThatThrownBy(() -> RestoreTime.parse("2026-03-29 02:30:00", BERLIN)).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> RestoreTime.parse("2026-10-25 02:30:00", BERLIN)).hasMessageContaining("happens twice")
                .hasMessageContaining("with an offset");
    }

    @Test
    void parse_fractionOrNoTime_refused() {
        assertThatThrownBy(() -> RestoreTime.parse("2026-12-04T10:15:00.5Z", BERLIN)).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> RestoreTime.parse("yesterday", BERLIN)).hasMessageContaining("not a time");
    }
}
