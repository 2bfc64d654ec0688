package dev.backstop.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A database source's {@code log_archive:} section: what {@code backstop archive-logs} streams and
 * how often it ships it.
 *
 * @param defaultsFile  option file of the replication account (0600): user, password, host, port
 * @param segmentMaxAge the open log is cut and shipped at least this often
 * @param fullDumpEvery how often a run dumps the database in full
 * @param maxLag        status is CRITICAL when the targets are further behind the server than this
 */
public record LogArchiveConfig(Path defaultsFile, Duration segmentMaxAge, Duration fullDumpEvery, Duration maxLag) {

    public static final Duration DEFAULT_SEGMENT_MAX_AGE = Duration.ofMinutes(1);
    public static final Duration DEFAULT_FULL_DUMP_EVERY = Duration.ofDays(1);
    public static final Duration DEFAULT_MAX_LAG = Duration.ofMinutes(10);
    public static final java.util.List<String> KEYS = java.util.List.of("defaults_file", "segment_max_age",
            "full_dump_every", "max_lag");

    /** Reads the section, every problem recorded in it; null when absent. */
    public static LogArchiveConfig read(Section source) {
        Section s = source.section("log_archive");
        if (s == null) {
            return null;
        }
        s.rejectUnknown(KEYS, "log_archive");
        LogArchiveConfig config = new LogArchiveConfig(
                s.requiredPath("defaults_file", " (the option file of the streaming account, with REPLICATION SLAVE)"),
                s.positiveDuration("segment_max_age", DEFAULT_SEGMENT_MAX_AGE),
                s.positiveDuration("full_dump_every", DEFAULT_FULL_DUMP_EVERY),
                s.positiveDuration("max_lag", DEFAULT_MAX_LAG));
        // the open log ships only every segment_max_age, so a lag that long is normal, not a failure
        if (config.maxLag() != null && config.segmentMaxAge() != null
                && config.maxLag().compareTo(config.segmentMaxAge()) <= 0) {
            s.problem("max_lag", "must be longer than segment_max_age " + ConfigPrinter.duration(config.segmentMaxAge())
                    + (s.has("max_lag") ? "" : " (max_lag is " + ConfigPrinter.duration(DEFAULT_MAX_LAG) + " when not set)")
                    + ": the open binary log waits up to segment_max_age before it ships, so status would be CRITICAL"
                    + " in normal operation");
        }
        return config;
    }

    /** One line for {@code config check}, in the configuration's own syntax so that it reads back the same. */
    public String render() {
        return "{ defaults_file: " + ConfigPrinter.path(defaultsFile) + ", segment_max_age: "
                + ConfigPrinter.duration(segmentMaxAge) + ", full_dump_every: " + ConfigPrinter.duration(fullDumpEvery)
                + ", max_lag: " + ConfigPrinter.duration(maxLag) + " }";
    }
}
