package dev.backstop.target.s3;

import java.util.Locale;

/**
 * {@code checksum:} of an S3 target: how each request proves its bytes to the service. The
 * end-to-end check does not depend on it: SHA256SUMS, and a read-back or a hash the service
 * computed itself, decide whether a set is stored.
 */
public enum S3Checksum {
    /** Probe once ({@code x-amz-checksum-sha256}), fall back to Content-MD5 when the service refuses it. */
    AUTO,
    /** {@code x-amz-checksum-sha256} on every PUT and part: newer services, which then report the hash they stored. */
    SHA256,
    /** {@code Content-MD5} on every PUT and part, which every S3-compatible service checks; objects are read back. */
    MD5;

    /** The word in the configuration. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static S3Checksum parse(String text) {
        for (S3Checksum c : values()) {
            if (c.word().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown checksum '" + text + "' (known: auto, sha256, md5)");
    }
}
