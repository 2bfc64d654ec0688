package dev.backstop.source.files;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The records of a PAX extended header, {@code "<length> <key>=<value>\n"}, with values as bytes.
 * POSIX wants UTF-8 values; GNU tar writes a name that is not UTF-8 as its raw bytes and reads
 * it back so, and so does backstop.
 */
final class PaxRecords {

    private PaxRecords() {
    }

    /** The records in the order given; a record's length counts its own digits. */
    static byte[] format(Map<String, byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach((key, value) -> {
            byte[] keyBytes = key.getBytes(StandardCharsets.US_ASCII);
            int rest = 1 + keyBytes.length + 1 + value.length + 1; // ' ', key, '=', value, '\n'
            int length = rest + 1;
            while (length != rest + Integer.toString(length).length()) {
                length = rest + Integer.toString(length).length();
            }
            out.writeBytes((length + " ").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(keyBytes);
            out.write('=');
            out.writeBytes(value);
            out.write('\n');
        });
        return out.toByteArray();
    }

    /** The records of one header by key; parsing stops at the first malformed record. */
    static Map<String, byte[]> parse(byte[] header) {
        Map<String, byte[]> records = new LinkedHashMap<>();
        int at = 0;
        while (at < header.length) {
            int space = at;
            while (space < header.length && header[space] >= '0' && header[space] <= '9') {
                space++;
            }
            if (space == at || space >= header.length || header[space] != ' ' || space - at > 9) {
                break;
            }
            int length = Integer.parseInt(new String(header, at, space - at, StandardCharsets.US_ASCII));
            int end = at + length;
            if (length <= space - at + 1 || end > header.length || header[end - 1] != '\n') {
                break;
            }
            int equals = space + 1;
            while (equals < end - 1 && header[equals] != '=') {
                equals++;
            }
            if (equals >= end - 1) {
                break;
            }
            String key = new String(header, space + 1, equals - space - 1, StandardCharsets.US_ASCII);
            byte[] value = new byte[end - 1 - (equals + 1)];
            System.arraycopy(header, equals + 1, value, 0, value.length);
            records.put(key, value);
            at = end;
        }
        return records;
    }
}
