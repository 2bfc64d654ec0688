package dev.backstop.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreVerificationTest {

    @TempDir
    Path dir;

    @Test
    void recordVerification_thenRecent_returnsItWithFindingsInOrder() {
        // given
        var findings = List.of(
                new VerificationRecord.FindingRow("CRITICAL", "nas", "20251104T020001Z", null, "gone"),
                new VerificationRecord.FindingRow("WARNING", "nas", "20251105T020001Z", "x", "orphan"));
        try (HistoryStore store = HistoryStore.open(dir.resolve("history.db"))) {
            // when
            store.recordVerification(new VerificationRecord(VerificationRecord.VERIFY, Instant.parse("2025-11-04T08:00:00Z"),
                    Instant.parse("2025-11-04T08:01:00Z"), "nas", null, "1/7", 12, 3, 4096, "failed", null, findings));
            store.recordVerification(new VerificationRecord(VerificationRecord.RESTORE_TEST,
                    Instant.parse("2025-11-04T09:00:00Z"), Instant.parse("2025-11-04T09:02:00Z"), "nas",
                    "20251104T020001Z", null, 1, 5, 1000, "ok", 120_000L, List.of(),
                    "mysql: disposable mariadbd Ver 10.11.6-MariaDB"));

            // then
            List<VerificationRecord> verifies = store.recentVerifications(VerificationRecord.VERIFY, 10);
            assertThat(verifies).singleElement().satisfies(v -> {
                assertThat(v.readData()).isEqualTo("1/7");
                assertThat(v.findings()).isEqualTo(findings);
                assertThat(v.restoreMs()).isNull();
                assertThat(v.servers()).isNull();
            });
            assertThat(store.recentVerifications(VerificationRecord.RESTORE_TEST, 10)).singleElement()
                    .satisfies(r -> {
                        assertThat(r.restoreMs()).isEqualTo(120_000L);
                        assertThat(r.servers()).isEqualTo("mysql: disposable mariadbd Ver 10.11.6-MariaDB");
                    });
        }
    }
}
