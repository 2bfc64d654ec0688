package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.verify.Finding;
import dev.backstop.verify.RestoreReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** restore's last line says where an archive's files went: below the component, at their full original path. */
class RestoreSummaryTest {

    @Test
    void summary_filesRestored_saysTheyKeepTheirOriginalPath() {
        RestoreReport report = new RestoreReport("local", "20251104T020001Z", Duration.ofMillis(4200),
                List.of("www: 41 entries extracted below /srv/restore/www", "appdb: decompressed to /srv/restore/appdb.sql"),
                List.of());

        assertThat(RestoreCommand.summary(report)).isEqualTo("restore OK: backup 20251104T020001Z from local,"
                + " 2 component(s) in 4.2s; archived files are below DIR/<component>/ at their full original path"
                + " (DIR/<component>/var/www/... for /var/www/...), as tar xf -C puts them; --strip-source-path"
                + " restores them relative to the source's path");
    }

    @Test
    void summary_filesRestoredWithStripSourcePath_saysTheyAreRelativeToTheSourcesPath() {
        RestoreReport report = new RestoreReport("local", "20251104T020001Z", Duration.ofMillis(4200),
                List.of("www: 41 entries extracted into /srv/restore/www, relative to /var/www (--strip-source-path)"),
                List.of());

        assertThat(RestoreCommand.summary(report, true)).isEqualTo("restore OK: backup 20251104T020001Z from local,"
                + " 1 component(s) in 4.2s; archived files are in DIR/<component>/ relative to the directory that held"
                + " the source's paths (--strip-source-path)");
    }

    @Test
    void summary_onlyDumps_saysNothingOfPaths() {
        RestoreReport report = new RestoreReport("local", "20251104T020001Z", Duration.ofMillis(350),
                List.of("appdb: decompressed to /srv/restore/appdb.sql"), List.of());

        assertThat(RestoreCommand.summary(report)).endsWith("1 component(s) in 350ms");
    }

    @Test
    void summaryAt_theArchiveEndsBeforeTheMoment_saysOnlyUpToItsEndNotAsOfTheMoment() {
        Instant moment = Instant.parse("2026-12-04T10:15:00Z");
        RestoreReport reached = new RestoreReport("nas", "20261204T030000Z", Duration.ofSeconds(42),
                List.of("appdb: restored as of 2026-12-04T10:15:00Z into database shop_at (12 rows)"), List.of());
        RestoreReport shortOfIt = new RestoreReport("nas", "20261204T030000Z", Duration.ofSeconds(42),
                List.of("appdb: restored up to the end of the archive"), List.of(Finding.warning("nas",
                "20261204T030000Z", "logs/appdb", "the archive ends before 2026-12-04T10:15:00Z")));

        assertThat(RestoreCommand.summaryAt(reached, "2026-12-04T10:15:00Z", moment)).isEqualTo("restore OK: as of"
                + " 2026-12-04T10:15:00Z, from backup 20261204T030000Z and the archived binary logs on nas in 42.0s");
        assertThat(RestoreCommand.summaryAt(shortOfIt, "2026-12-04T10:15:00Z", moment)).isEqualTo("restore OK, but"
                + " only up to the end of the archive, before 2026-12-04T10:15:00Z, from backup 20261204T030000Z and the"
                + " archived binary logs on nas in 42.0s");
        assertThat(shortOfIt.exitCode()).isZero();
    }
}
