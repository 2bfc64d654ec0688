package dev.backstop.verify;

import dev.backstop.core.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Names of restore-test scratch databases: {@code backstop_rt_<run id>_<source>}, lower case,
 * letters, digits and _ only, at most 63 characters (PostgreSQL's limit; MySQL allows 64). The
 * fixed prefix keeps them apart from real databases, and lets the next restore test find and drop
 * what a killed one left.
 */
public final class ScratchNames {

    /** Every scratch database starts with this, and nothing else backstop makes does. */
    public static final String PREFIX = "backstop_rt_";

    private static final int MAX = 63;
    private static final DateTimeFormatter RUN_ID =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private ScratchNames() {
    }

    /** A run id from the start time: {@code 20251104t020001}. */
    public static String runId(Instant started) {
        return RUN_ID.format(started).toLowerCase(Locale.ROOT);
    }

    public static String database(String runId, String source) {
        String clean = source.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String name = PREFIX + runId + "_" + clean;
        if (name.length() <= MAX && clean.equals(source)) {
            return name;
        }
        // cleaned or shortened: a hash of the real name keeps two sources apart
        String hash = Sha256.of(source.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
        String head = PREFIX + runId + "_" + clean;
        return head.substring(0, Math.min(head.length(), MAX - 9)) + "_" + hash;
    }
}
