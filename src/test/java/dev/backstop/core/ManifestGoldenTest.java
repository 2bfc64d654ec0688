package dev.backstop.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The bytes of MANIFEST.json as this version writes them, kept in
 * {@code src/test/resources/manifest/format-1.json} so that any change to the written format is a
 * deliberate one. Regenerate with {@code -Dgolden.update=true}, then read the difference before
 * committing it: a change an older reader would misread needs a new {@code format_version}.
 */
class ManifestGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/manifest/format-1.json");

    /** One component of each kind of facts, an increment and an anomaly: every field today's format has. */
    static Manifest sample() {
        TreeMap<String, Long> rows = new TreeMap<>();
        rows.put("orders", 1200L);
        rows.put("users", 3L);
        return new Manifest(Manifest.FORMAT_VERSION, "20251104T020001Z", "api-gateway", "0.1.0",
                Instant.parse("2025-11-04T02:00:01Z"), Instant.parse("2025-11-04T02:00:45.250Z"),
                List.of(new ComponentEntry("appdb", "mysql", "appdb.sql.gz", "gzip", 10, 40, "a".repeat(64), 1200,
                                SourceFacts.database("10.11.19-MariaDB", true, rows)),
                        new ComponentEntry("application", "files", "application.tar.zst", "zstd", 2048, 8192,
                                "b".repeat(64), 3400, SourceFacts.files(17, 8000,
                                List.of(new SourceFacts.FileNote("var/run/app.sock", "special file")),
                                List.of(new SourceFacts.FileNote("var/log/app.log", "changed while being read"))))
                                .withIncrement(new ComponentIncrement(2, "20251102T020001Z", "20251103T020001Z",
                                        new ComponentIncrement.SnapshotFile("application.snapshot.gz", 300,
                                                "d".repeat(64)))),
                        new ComponentEntry("packages", "command", "packages.txt.gz", "gzip", 5, 9, "c".repeat(64), 30,
                                SourceFacts.none())),
                List.of(new AnomalyFinding("appdb/users", "rows", 4211, 3, "table users of appdb fell to 3 rows from 4211")));
    }

    @Test
    void toJson_todaysFormat_isTheGoldenFileByteForByte() throws Exception {
        byte[] written = sample().toJson();

        if (Boolean.getBoolean("golden.update")) {
            Files.write(GOLDEN, written);
        }
        assertThat(new String(written, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(GOLDEN));
        assertThat(written).isEqualTo(Files.readAllBytes(GOLDEN));
    }

    @Test
    void read_theGoldenFile_givesBackTheManifestItWasWrittenFrom() throws Exception {
        ManifestReading reading = ManifestFormat.read(Files.readAllBytes(GOLDEN));

        assertThat(reading).isEqualTo(new ManifestReading.Known(sample()));
    }
}
