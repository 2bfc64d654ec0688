package dev.backstop.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.BackupId;
import org.junit.jupiter.api.Test;

class BackupSetLayoutTest {

    private static final BackupId ID = BackupId.parse("20251104T020001Z");

    @Test
    void finalDir_backupId_isDatedInUtc() {
        assertThat(BackupSetLayout.finalDir("api-gateway", ID)).isEqualTo("api-gateway/2025/11/04/20251104T020001Z");
    }

    @Test
    void partialDir_backupId_isBelowTheHostsPartialDirectory() {
        assertThat(BackupSetLayout.partialDir("api-gateway", ID)).isEqualTo("api-gateway/.partial/20251104T020001Z");
        assertThat(BackupSetLayout.partialRoot("api-gateway")).isEqualTo("api-gateway/.partial");
    }

    @Test
    void hostDir_nameThatCouldEscapeOrCollide_isRejected() {
        for (String bad : new String[] {"", "a/b", "..", ".partial", ".hidden"}) {
            assertThatThrownBy(() -> BackupSetLayout.hostDir(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
