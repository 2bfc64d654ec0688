package dev.backstop.core;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 helpers; hashes travel as lower-case hex, as {@code sha256sum} prints them. */
public final class Sha256 {

    private Sha256() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** Hashes a stream to its end, in constant memory. */
    public static String of(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return hex(digest.digest());
    }

    public static String of(byte[] data) {
        return hex(newDigest().digest(data));
    }

    /**
     * True only when {@code reported} is a well-formed hash equal to {@code expected}, in any
     * case. A missing or empty reported hash never matches: the audited script compared a hash
     * with the empty answer of a failed remote command and went on.
     */
    public static boolean matches(String expected, String reported) {
        if (expected == null || reported == null) {
            return false;
        }
        String r = reported.trim().toLowerCase(Locale.ROOT);
        return r.length() == 64 && r.chars().allMatch(c -> Character.digit(c, 16) >= 0)
                && r.equals(expected.toLowerCase(Locale.ROOT));
    }
}
