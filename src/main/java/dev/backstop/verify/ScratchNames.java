package dev.backstop.verify;

import dev.backstop.core.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of restore-test scratch databases: {@code backstop_rt_<run id>_<source>}, lower case,
 * letters, digits and _ only, at most 63 characters (PostgreSQL's limit; MySQL allows 64). The
 * fixed prefix keeps them apart from real databases, and lets the next restore test find and drop
 * what a killed one left.
 */
public final class ScratchNames {

    /** Every scratch database starts with this, and nothing else backstop makes does. */
    public static final String PREFIX = "backstop_rt_";

    /**
     * A scratch database on a source's own server is dropped by the next restore test only once
     * its run id is older than this: a younger one may belong to a test that runs from another
     * host (whose lock is not ours), and no load runs longer than a dump's default timeout.
     */
    public static final Duration STALE_AFTER = Duration.ofHours(6);

    private static final int MAX = 63;
    private static final Pattern NAME = Pattern.compile("backstop_rt_(\\d{8}t\\d{6})_[a-z0-9_]+");
    private static final DateTimeFormatter RUN_ID =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private ScratchNames() {
    }

    /** A run id from the start time: {@code 20251104t020001}. */
    public static String runId(Instant started) {
        return RUN_ID.format(started).toLowerCase(Locale.ROOT);
    }

    /**
     * Whether {@code database} is a scratch database of this pattern ({@code backstop_rt_<run id>_...})
     * whose run started more than {@link #STALE_AFTER} before {@code now}. Any other name is not.
     */
    public static boolean isStale(String database, Instant now) {
        Matcher m = NAME.matcher(database);
        if (!m.matches()) {
            return false;
        }
        try {
            Instant started = RUN_ID.parse(m.group(1).toUpperCase(Locale.ROOT), Instant::from);
            return started.isBefore(now.minus(STALE_AFTER));
        } catch (DateTimeParseException e) {
            return false;
        }
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
