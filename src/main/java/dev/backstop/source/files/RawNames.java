package dev.backstop.source.files;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * File names as the kernel stores them: bytes. Java decodes a name with the JVM's file name
 * charset and replaces what it cannot decode, so a name is recovered from its raw bytes
 * (which {@link Path#toUri()} percent-encodes faithfully) and decoded as UTF-8 here.
 *
 * <p>A name whose bytes are not valid UTF-8 cannot be written to a PAX header (which holds
 * UTF-8). It is stored with every byte of an invalid sequence written as {@code %XX} (hex),
 * and the caller reports it, so such a file is never lost silently, only renamed.
 */
final class RawNames {

    /** A decoded absolute path, and whether its bytes were valid UTF-8. */
    record Name(String text, boolean validUtf8) {
    }

    private RawNames() {
    }

    /** The absolute, normalized path as UTF-8 text; cheap when the JVM already decoded it cleanly. */
    static Name of(Path absolute) {
        String text = absolute.toString();
        if (isPlainAscii(text)) {
            return new Name(text, true);
        }
        byte[] raw = rawBytes(absolute);
        try {
            String decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
            return new Name(decoded, true);
        } catch (CharacterCodingException e) {
            return new Name(escapeInvalid(raw), false);
        }
    }

    /** ASCII without '?' or U+FFFD: nothing the JVM could have replaced. */
    private static boolean isPlainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || c == '?') {
                return false;
            }
        }
        return true;
    }

    private static byte[] rawBytes(Path absolute) {
        URI uri = absolute.toUri();
        String rawPath = uri.getRawPath();
        if (rawPath.length() > 1 && rawPath.endsWith("/")) {
            rawPath = rawPath.substring(0, rawPath.length() - 1); // toUri() marks directories
        }
        ByteBuffer out = ByteBuffer.allocate(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%' && i + 2 < rawPath.length()) {
                out.put((byte) Integer.parseInt(rawPath.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.put((byte) c);
            }
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    /** Valid UTF-8 sequences are kept, every byte of an invalid one becomes %XX. */
    static String escapeInvalid(byte[] raw) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < raw.length) {
            int b = raw[i] & 0xff;
            int len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3
                    : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
            String seq = len == 0 || i + len > raw.length ? null : strictDecode(raw, i, len);
            if (seq != null) {
                sb.append(seq);
                i += len;
            } else {
                sb.append('%').append(String.format("%02X", b));
                i++;
            }
        }
        return sb.toString();
    }

    private static String strictDecode(byte[] raw, int offset, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, offset, len)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
