package dev.backstop.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScratchNamesTest {

    private static final String RUN = ScratchNames.runId(Instant.parse("2025-11-04T02:00:01Z"));

    @Test
    void database_plainSource_isPrefixRunAndName() {
        assertThat(RUN).isEqualTo("20251104t020001");
        assertThat(ScratchNames.database(RUN, "appdb")).isEqualTo("backstop_rt_20251104t020001_appdb");
    }

    @Test
    void database_oddOrLongNames_areCleanedBoundedAndDistinct() {
        String a = ScratchNames.database(RUN, "App-DB");
        String b = ScratchNames.database(RUN, "app_db");
        String long1 = ScratchNames.database(RUN, "x".repeat(80) + "1");
        String long2 = ScratchNames.database(RUN, "x".repeat(80) + "2");

        assertThat(a).startsWith(ScratchNames.PREFIX).matches("[a-z0-9_]+").isNotEqualTo(b);
        assertThat(long1).hasSizeLessThanOrEqualTo(63).isNotEqualTo(long2).startsWith(ScratchNames.PREFIX);
    }

    @Test
    void isStale_onlyThisPatternOlderThanTheLimit_isStale() {
        Instant now = Instant.parse("2025-11-04T12:00:00Z");

        assertThat(ScratchNames.isStale("backstop_rt_20251104t020001_appdb", now)).as("10 h old").isTrue();
        assertThat(ScratchNames.isStale(ScratchNames.database(ScratchNames.runId(now.minus(Duration.ofHours(7))),
                "App-DB"), now)).as("7 h old, cleaned name").isTrue();
        assertThat(ScratchNames.isStale("backstop_rt_20251104t090000_appdb", now)).as("3 h old").isFalse();
        assertThat(ScratchNames.isStale("backstop_rt_20251104t055959_appdb", now)).as("just over 6 h").isTrue();
        assertThat(ScratchNames.isStale("backstop_rt_20251104t060001_appdb", now)).as("just under 6 h").isFalse();
        assertThat(ScratchNames.isStale("backstop_rt_shop", now)).as("not this pattern").isFalse();
        assertThat(ScratchNames.isStale("backstop_rt_20251399t020001_appdb", now)).as("no such date").isFalse();
        assertThat(ScratchNames.isStale("shop_backstop_rt_20251104t020001_appdb", now)).as("prefix elsewhere").isFalse();
    }
}
