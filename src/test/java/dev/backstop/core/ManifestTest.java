package dev.backstop.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ManifestTest {

    private static Manifest sample() {
        TreeMap<String, Long> rows = new TreeMap<>();
        rows.put("users", 3L);
        return new Manifest(Manifest.FORMAT_VERSION, "20251104T020001Z", "api-gateway", "0.1.0",
                Instant.parse("2025-11-04T02:00:01Z"), Instant.parse("2025-11-04T02:00:45Z"),
                List.of(new ComponentEntry("appdb", "mysql", "appdb.sql.gz", "gzip", 10, 40, "a".repeat(64), 1200,
                        SourceFacts.database("10.11.19-MariaDB", true, rows))),
                List.of());
    }

    @Test
    void toJson_parse_roundTrips() throws IOException {
        Manifest m = sample();

        assertThat(Manifest.parse(m.toJson())).isEqualTo(m);
        assertThat(new String(m.toJson(), StandardCharsets.UTF_8)).contains("\"format_version\" : 1")
                .contains("\"raw_bytes\" : 40").contains("\"table_rows\"");
    }

    @Test
    void sha256Sums_isSha256sumFormat() {
        assertThat(new String(sample().sha256Sums(), StandardCharsets.UTF_8)).isEqualTo("a".repeat(64) + "  appdb.sql.gz\n");
    }

    @Test
    void parse_garbage_isRejected() {
        assertThatThrownBy(() -> Manifest.parse("{\"format_version\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Manifest.parse("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
    }
}
