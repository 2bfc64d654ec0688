package dev.backstop.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackupIdTest {

    @Test
    void toString_isUtcToTheSecond() {
        BackupId id = BackupId.at(Instant.parse("2025-11-04T02:00:01.987Z"));

        assertThat(id).hasToString("20251104T020001Z");
        assertThat(id.datedPath()).isEqualTo("2025/11/04/20251104T020001Z");
    }

    @Test
    void parse_roundTrips_andRejectsOtherText() {
        assertThat(BackupId.parse("20251104T020001Z").time()).isEqualTo(Instant.parse("2025-11-04T02:00:01Z"));
        assertThat(BackupId.isValid("20251104T020001")).isFalse();
        assertThatThrownBy(() -> BackupId.parse("backup-20251104_030001")).hasMessageContaining("not a backup id");
    }

    @Test
    void compareTo_ordersByTime() {
        assertThat(BackupId.parse("20251231T235959Z")).isLessThan(BackupId.parse("20260101T000000Z"));
    }
}
