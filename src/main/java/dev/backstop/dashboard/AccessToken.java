package dev.backstop.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The secret a client must present when the dashboard listens beyond loopback: as
 * {@code Authorization: Bearer <token>} (Prometheus, curl) or as the password of HTTP Basic
 * authentication with any user name (a browser asks for it). Compared in constant time over
 * SHA-256 digests, so neither the content nor the length of the token leaks through timing.
 */
final class AccessToken {

    /** Shorter tokens are refused: a token is a password that nobody types. */
    static final int MIN_LENGTH = 16;

    private final byte[] digest;

    private AccessToken(String token) {
        this.digest = sha256(token);
    }

    /** @throws IllegalArgumentException when the token is shorter than {@link #MIN_LENGTH} */
    static AccessToken of(String token) {
        String t = token.strip();
        if (t.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the dashboard token has " + t.length() + " characters, at least "
                    + MIN_LENGTH + " are needed (e.g. from: openssl rand -hex 24)");
        }
        return new AccessToken(t);
    }

    /** True when the Authorization header carries this token. */
    boolean admits(String authorization) {
        if (authorization == null) {
            return false;
        }
        String presented = null;
        String lower = authorization.toLowerCase(Locale.ROOT);
        if (lower.startsWith("bearer ")) {
            presented = authorization.substring(7).strip();
        } else if (lower.startsWith("basic ")) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                presented = colon < 0 ? null : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
