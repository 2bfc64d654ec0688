package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.retention.RetentionExecutor;
import java.util.List;
import org.junit.jupiter.api.Test;

class PruneReportTest {

    private static RetentionExecutor.Result result(String target, List<String> failures) {
        return new RetentionExecutor.Result(target, List.of(), List.of(target + "/orphan: MANIFEST.json is missing"),
                failures);
    }

    @Test
    void exitCode_everyRemovalDone_isZero() {
        PruneReport report = new PruneReport(false, List.of(result("local", List.of()), result("nas", List.of())));

        assertThat(report.exitCode()).isZero();
        assertThat(report.orphans()).isEqualTo(2);
    }

    @Test
    void exitCode_aRemovalFailedOnOneTarget_isSixAndCountsIt() {
        PruneReport report = new PruneReport(false, List.of(result("local", List.of()),
                result("nas", List.of("target nas: cannot remove h/2025/11/03/20251103T020001Z: permission denied"))));

        assertThat(report.exitCode()).isEqualTo(6);
        assertThat(report.failures()).isEqualTo(1);
    }
}
