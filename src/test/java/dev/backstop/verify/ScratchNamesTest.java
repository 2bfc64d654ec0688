package dev.backstop.verify;

import static org.assertj.core.api.Assertions.assertThat;

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
}
