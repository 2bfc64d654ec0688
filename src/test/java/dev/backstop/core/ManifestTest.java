package dev.backstop.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestTest {

    @Test
    void sha256Sums_isSha256sumFormatAndListsTheSnapshotCopy() {
        assertThat(new String(ManifestGoldenTest.sample().sha256Sums(), StandardCharsets.UTF_8)).isEqualTo(
                "a".repeat(64) + "  appdb.sql.gz\n" + "b".repeat(64) + "  application.tar.zst\n"
                        + "d".repeat(64) + "  application.snapshot.gz\n"
                        + "c".repeat(64) + "  packages.txt.gz\n");
    }
}
