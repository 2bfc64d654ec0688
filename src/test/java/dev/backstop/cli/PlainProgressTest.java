package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without a terminal a long step says where it stands in plain lines, every 30 s; a short one says nothing. */
class PlainProgressTest {

    private static final long S = 1_000_000_000L;

    private final List<String> lines = new ArrayList<>();
    private long now = 1000 * S;
    private final PlainProgress progress = new PlainProgress(lines::add, () -> now, Duration.ofSeconds(30));

    @Test
    void update_longStep_writesAPlainLineEveryPeriodWithBytesEntriesRateAndEta() {
        progress.start("extract www.tar.gz", 3000L * 1024 * 1024);

        now += 10 * S;
        progress.update(100L * 1024 * 1024, 1200);
        now += 20 * S;
        progress.update(600L * 1024 * 1024, 7000);
        now += 10 * S;
        progress.update(800L * 1024 * 1024, 9000);
        now += 20 * S;
        progress.update(1200L * 1024 * 1024, 13000);
        progress.finish();

        assertThat(lines).containsExactly(
                "extract www.tar.gz: 600.0 MiB / 2.9 GiB, 7000 entries at 20.0 MiB/s, ETA 120 s",
                "extract www.tar.gz: 1.2 GiB / 2.9 GiB, 13000 entries at 20.0 MiB/s, ETA 90 s");
        assertThat(lines).allMatch(l -> !l.contains("\r") && !l.contains("\033"));
    }

    @Test
    void update_shortStep_writesNothing() {
        progress.start("load appdb", 5_000_000);
        now += 29 * S;
        progress.update(5_000_000);
        progress.finish();

        assertThat(lines).isEmpty();
    }

    @Test
    void update_unknownTotalAndNoEntries_leavesOutEtaAndEntries() {
        progress.start("read local 20251104T020001Z/appdb.sql.gz", -1);
        now += 40 * S;
        progress.update(400L * 1024 * 1024);

        assertThat(lines).containsExactly("read local 20251104T020001Z/appdb.sql.gz: 400.0 MiB at 10.0 MiB/s");
    }

    @Test
    void update_afterFinish_writesNothing() {
        progress.start("load appdb", 100);
        progress.finish();
        now += 60 * S;
        progress.update(50);

        assertThat(lines).isEmpty();
    }
}
