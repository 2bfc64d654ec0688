package dev.backstop.source.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaxRecordsTest {

    @Test
    void format_lengthCountsItsOwnDigits_acrossDigitBoundaries() {
        for (int size = 0; size < 1100; size++) {
            byte[] value = "x".repeat(size).getBytes(StandardCharsets.US_ASCII);
            byte[] record = PaxRecords.format(Map.of("path", value));
            String text = new String(record, StandardCharsets.US_ASCII);
            assertThat(Integer.parseInt(text.substring(0, text.indexOf(' ')))).as("value of %d bytes", size)
                    .isEqualTo(record.length);
        }
    }

    @Test
    void parse_formattedRecords_giveTheSameBytes() {
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("path", RawTree.bytes("a=b\nc\u00ff"));
        records.put("linkpath", RawTree.bytes("\u00e9"));

        Map<String, byte[]> parsed = PaxRecords.parse(PaxRecords.format(records));

        assertThat(parsed).containsOnlyKeys("path", "linkpath");
        assertThat(parsed.get("path")).isEqualTo(records.get("path"));
        assertThat(parsed.get("linkpath")).isEqualTo(records.get("linkpath"));
    }

    @Test
    void parse_malformedRecord_stopsThere() {
        byte[] header = "12 path=abc\n99 mtime=1\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(PaxRecords.parse(header)).containsOnlyKeys("path");
    }
}
