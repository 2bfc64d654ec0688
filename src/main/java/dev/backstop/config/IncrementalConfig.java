package dev.backstop.config;

import java.time.Duration;
import java.util.List;

/**
 * A files source's {@code incremental:} section: runs store only what changed since the previous
 * set of the chain, in GNU tar's listed-incremental format, and a full archive (level 0) starts a
 * new chain at least every {@code fullEvery} and after {@code maxChain} increments.
 *
 * @param fullEvery   a full archive at least this often, counted from the chain's full
 * @param maxChain    at most this many increments after a full
 * @param checkDevice whether a file whose device number changed counts as changed, as GNU tar
 *                    counts it; false where device numbers change across reboots (LVM, RAID,
 *                    network file systems), which would otherwise make every run a full one
 */
public record IncrementalConfig(Duration fullEvery, int maxChain, boolean checkDevice) {

    public static final String KEY = "incremental";
    public static final Duration DEFAULT_FULL_EVERY = Duration.ofDays(7);
    public static final int DEFAULT_MAX_CHAIN = 21;
    public static final List<String> KEYS = List.of("full_every", "max_chain", "check_device");

    /** Reads the section of {@code source}, every problem recorded in it; null when absent. */
    public static IncrementalConfig read(Section source) {
        if (!source.has(KEY)) {
            return null;
        }
        Section s = source.section(KEY);
        if (s == null) {
            return null;
        }
        s.rejectUnknown(KEYS, KEY);
        Duration fullEvery = s.positiveDuration("full_every", DEFAULT_FULL_EVERY);
        Integer maxChain = s.has("max_chain") ? s.integer("max_chain", 1, 10_000) : Integer.valueOf(DEFAULT_MAX_CHAIN);
        Boolean checkDevice = s.bool("check_device", true);
        if (fullEvery == null || maxChain == null || checkDevice == null) {
            return null;
        }
        return new IncrementalConfig(fullEvery, maxChain, checkDevice);
    }

    /** One line for {@code config check}. */
    public String render() {
        return "{ full_every: " + fullEvery.toSeconds() + "s, max_chain: " + maxChain + ", check_device: " + checkDevice
                + " }";
    }
}
