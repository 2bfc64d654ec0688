package dev.backstop.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** restore --at warns that the archive may end before the moment only when it may. */
class PointInTimeShortfallTest {

    private static final Instant AT = Instant.parse("2026-12-04T10:15:00Z");
    private static final String LAST = "bin.000002 up to byte 900, committed 2026-12-04T10:01:00Z";

    private static PointInTimeRestore.Request at(Instant archivedUpTo) {
        return new PointInTimeRestore.Request("appdb", "shop_at", AT, false, archivedUpTo);
    }

    @Test
    void shortfall_aTransactionAfterTheMomentWasSeen_none() {
        assertThat(PointInTimeRestore.shortfall(at(null), true, LAST)).isNull();
    }

    @Test
    void shortfall_anIdleServerWhoseArchiverCaughtUpPastTheMoment_none() {
        assertThat(PointInTimeRestore.shortfall(at(AT.plusSeconds(30)), false, LAST)).isNull();
    }

    @Test
    void shortfall_anArchiverBehindTheMoment_namesWhereItStopped() {
        assertThat(PointInTimeRestore.shortfall(at(Instant.parse("2026-12-04T10:02:00.5Z")), false, LAST))
                .isEqualTo("the archive holds no transaction after its newest one (" + LAST + ") and the archiver"
                        + " caught up last at 2026-12-04T10:02:00Z, before 2026-12-04T10:15:00Z: anything the server"
                        + " committed in between is not in the archive");
    }

    @Test
    void shortfall_noRecordOnThisHost_saysItCannotTell() {
        assertThat(PointInTimeRestore.shortfall(at(null), false, LAST))
                .contains("this host has no record of how far the archiver got");
    }
}
