package dev.backstop.source.files;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * File names as the kernel stores them: bytes, any but '/' and NUL in each component, UTF-8 or
 * not. Java's {@link Path#toString()} decodes a name with the JVM's file name charset, which
 * follows the locale ({@code -Dsun.jnu.encoding} is ignored): it replaces bytes that are not
 * UTF-8 in a UTF-8 locale, every byte above 127 in the POSIX one, and {@link Path#of(String, String...)}
 * cannot encode the result back. The bytes survive in a {@link Path} read from the file system,
 * though, and in its {@link Path#toUri() URI}, and a path made from a URI has exactly the bytes
 * the URI escapes: both are used here, so names keep their bytes in every locale.
 */
final class RawNames {

    private static final Path ROOT = Path.of("/");

    private RawNames() {
    }

    /** The bytes of a path as the file system gave it; a relative one stays relative. */
    static byte[] of(Path path) {
        String text = path.toString();
        if (isPlainAscii(text)) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }
        if (path.isAbsolute()) {
            return fromUri(path);
        }
        byte[] rooted = fromUri(ROOT.resolve(path)); // resolve() joins bytes, it does not normalize
        byte[] relative = new byte[rooted.length - 1];
        System.arraycopy(rooted, 1, relative, 0, relative.length);
        return relative;
    }

    /**
     * The path named by {@code bytes}, relative or absolute. Empty components ("a//b", a trailing
     * '/') are dropped, as a path made from a string drops them; "." and ".." are kept.
     */
    static Path path(byte[] bytes) {
        if (isPlainAscii(bytes)) {
            return Path.of(new String(bytes, StandardCharsets.US_ASCII));
        }
        Path path = bytes.length > 0 && bytes[0] == '/' ? ROOT : null;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '/') {
                if (i > start) {
                    Path component = component(bytes, start, i);
                    path = path == null ? component : path.resolve(component);
                }
                start = i + 1;
            }
        }
        return path == null ? Path.of("") : path;
    }

    /** Whether {@code bytes} are well-formed UTF-8 (no overlong forms, no surrogates). */
    static boolean isUtf8(byte[] bytes) {
        if (isPlainAscii(bytes)) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * A name for messages, logs and the manifest: UTF-8 as it is, every other byte as
     * {@code \xNN}. Only for reading; the archive holds the bytes themselves.
     */
    static String display(byte[] bytes) {
        if (isUtf8(bytes)) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < bytes.length) {
            int length = sequenceLength(bytes[i] & 0xff);
            if (length > 0 && i + length <= bytes.length
                    && isUtf8(Arrays.copyOfRange(bytes, i, i + length))) {
                sb.append(new String(bytes, i, length, StandardCharsets.UTF_8));
                i += length;
            } else {
                sb.append(String.format("\\x%02X", bytes[i] & 0xff));
                i++;
            }
        }
        return sb.toString();
    }

    /**
     * Printable ASCII for the fields of a tar header that only readers without PAX support use:
     * every other byte, and '%', as {@code %XX}, cut to {@code max} characters.
     */
    static String ascii(byte[] bytes, int max) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            String next = c > 0x20 && c < 0x7f && c != '%' ? String.valueOf((char) c) : String.format("%%%02X", c);
            if (sb.length() + next.length() > max) {
                break;
            }
            sb.append(next);
        }
        return sb.toString();
    }

    private static int sequenceLength(int lead) {
        return lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3
                : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
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

    private static boolean isPlainAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code toUri()} escapes every byte it does not keep; it also marks a directory with a '/'. */
    private static byte[] fromUri(Path absolute) {
        String rawPath = absolute.toUri().getRawPath();
        if (rawPath.length() > 1 && rawPath.endsWith("/") && !absolute.toString().endsWith("/")) {
            rawPath = rawPath.substring(0, rawPath.length() - 1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%' && i + 2 < rawPath.length()) {
                out.write(Integer.parseInt(rawPath.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /** One component as a relative path holding exactly its bytes (a file URI decodes every %XX). */
    private static Path component(byte[] bytes, int from, int to) {
        StringBuilder uri = new StringBuilder("file:///");
        for (int i = from; i < to; i++) {
            int c = bytes[i] & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
                uri.append((char) c);
            } else {
                uri.append(String.format("%%%02X", c));
            }
        }
        return Path.of(URI.create(uri.toString())).getFileName();
    }
}
