package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.LogPositionEntry;
import dev.backstop.core.RunOutcome;
import dev.backstop.core.SourceFacts;
import dev.backstop.run.RunReport;
import dev.backstop.run.TargetOutcome;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

    private static final String SHRANK = "www: /var/log/app.log: shrank from 10.0 MiB to 0 B while read;"
            + " stored 10.0 MiB, zero-padded after byte 0";

    private static RunReport report(List<String> warnings) {
        Instant started = Instant.parse("2025-11-04T02:00:01Z");
        return new RunReport("20251104T020001Z", "web1", started, started.plusSeconds(3), RunOutcome.SUCCESS, 0, null,
                List.of(), List.of(new TargetOutcome("local", TargetOutcome.COMMITTED, "/b", "read-back", null)),
                warnings, List.of(), null);
    }

    @Test
    void line_noWarning_saysNothingOfWarnings() {
        assertThat(RunSummary.line(report(List.of())))
                .isEqualTo("backup 20251104T020001Z complete: 0 component(s), 0 B stored; local verified; took 3.0s");
    }

    @Test
    void line_aSourceRecordedByItsLogPosition_namesThePositionAndTheDump() {
        RunReport r = report(List.of());
        RunReport positioned = new RunReport(r.id(), r.host(), r.started(), r.finished(), r.outcome(), r.exitCode(),
                null, r.components(), r.targets(), r.warnings(), r.anomalies(), null, List.of(new LogPositionEntry("appdb",
                "mysql", new SourceFacts.BinlogPosition("bin.000042", 1086, null), r.finished(), "20251103T020001Z",
                "full_dump_every 1d not due")));

        assertThat(RunSummary.line(positioned)).isEqualTo("backup 20251104T020001Z complete: 0 component(s), 1 log"
                + " position(s) (appdb: bin.000042:1086 on dump 20251103T020001Z), 0 B stored; local verified; took 3.0s");
    }

    @Test
    void line_fileTruncatedWhileRead_namesTheFileAndWhatWasStored() {
        assertThat(RunSummary.line(report(List.of(SHRANK)))).endsWith("; took 3.0s; 1 warning: " + SHRANK);
    }

    @Test
    void line_fewWarnings_namesEachNumbered() {
        String line = RunSummary.line(report(List.of(SHRANK, "www: /run/app.sock: socket, not read",
                "retention: cannot remove x")));

        assertThat(line).endsWith("; 3 warnings: (1) " + SHRANK + " (2) www: /run/app.sock: socket, not read"
                + " (3) retention: cannot remove x");
    }

    @Test
    void line_manyWarnings_namesTheFirstAndCountsTheRest() {
        List<String> warnings = IntStream.range(0, 40).mapToObj(i -> i == 0 ? SHRANK : "www: /tmp/f" + i + ": grew while read")
                .toList();

        String line = RunSummary.line(report(warnings));

        assertThat(line).endsWith("; 40 warnings: (1) " + SHRANK + " (and 39 more, see the log)")
                .doesNotContain("/tmp/f1");
    }

    @Test
    void line_fileNameWithLineBreak_staysOneLine() {
        assertThat(RunSummary.line(report(List.of("www: /srv/a\nb.txt: vanished before it was read"))))
                .doesNotContain("\n").endsWith("1 warning: www: /srv/a b.txt: vanished before it was read");
    }
}
