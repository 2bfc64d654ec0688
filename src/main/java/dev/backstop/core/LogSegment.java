package dev.backstop.core;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bytes [start, end) of one server log file (a MariaDB/MySQL binary log), as archived: one
 * compressed file named {@code <start>-<end>.gz}, 12 digits each, so that contiguity shows in the
 * names and name order is offset order.
 *
 * @param logFile the server's name of the log file, such as {@code mariadb-bin.000042}
 * @param start   the first byte's offset in that file
 * @param end     the offset after the last byte; greater than start
 */
public record LogSegment(String logFile, long start, long end) implements Comparable<LogSegment> {

    /** Suffix of a segment's compressed file. */
    public static final String SUFFIX = ".gz";
    /** Suffix of the {@code sha256sum} line beside it; its presence marks a committed segment. */
    public static final String SUMS_SUFFIX = ".gz.sha256";

    private static final Pattern NAME = Pattern.compile("(\\d{12})-(\\d{12})\\.gz");
    private static final long MAX_OFFSET = 999_999_999_999L;

    public LogSegment {
        if (logFile == null || logFile.isEmpty() || logFile.contains("/") || logFile.startsWith(".")) {
            throw new IllegalArgumentException("not a log file name: '" + logFile + "'");
        }
        if (start < 0 || end <= start || end > MAX_OFFSET) {
            throw new IllegalArgumentException("not a segment range: [" + start + ", " + end + ")");
        }
    }

    /** {@code 000000000004-000000001135.gz}. */
    public String fileName() {
        return String.format("%012d-%012d%s", start, end, SUFFIX);
    }

    /** The name of the {@code .sha256} file beside {@link #fileName()}. */
    public String sumsFileName() {
        return fileName() + ".sha256";
    }

    public long length() {
        return end - start;
    }

    /** The segment a stored file name stands for, or empty when the name is not a segment's. */
    public static Optional<LogSegment> parse(String logFile, String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        long start = Long.parseLong(m.group(1));
        long end = Long.parseLong(m.group(2));
        return end > start ? Optional.of(new LogSegment(logFile, start, end)) : Optional.empty();
    }

    @Override
    public int compareTo(LogSegment other) {
        int byFile = logFile.compareTo(other.logFile);
        return byFile != 0 ? byFile : Long.compare(start, other.start);
    }

    @Override
    public String toString() {
        return logFile + "/" + fileName();
    }
}
