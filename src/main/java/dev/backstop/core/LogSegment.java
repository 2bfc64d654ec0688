package dev.backstop.core;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bytes [start, end) of one server log file (a MariaDB/MySQL binary log), as archived: one
 * compressed file named {@code <start>-<end>.gz}, 12 digits each, so that contiguity shows in the
 * names and name order is offset order; {@code <start>-<end>.gz.age} when it is also sealed in the
 * age format (encryption at rest).
 *
 * @param logFile the server's name of the log file, such as {@code mariadb-bin.000042}
 * @param start   the first byte's offset in that file
 * @param end     the offset after the last byte; greater than start
 * @param sealed  whether the stored file is the compressed bytes encrypted with age
 */
public record LogSegment(String logFile, long start, long end, boolean sealed) implements Comparable<LogSegment> {

    /** Suffix of a segment's compressed file. */
    public static final String SUFFIX = ".gz";
    /** Suffix of a segment's compressed and sealed file. */
    public static final String SEALED_SUFFIX = ".gz.age";
    /** Suffix of the {@code sha256sum} line beside a segment in the clear; its presence marks it committed. */
    public static final String SUMS_SUFFIX = ".gz.sha256";

    private static final Pattern NAME = Pattern.compile("(\\d{12})-(\\d{12})\\.gz(\\.age)?");
    private static final long MAX_OFFSET = 999_999_999_999L;

    public LogSegment {
        if (logFile == null || logFile.isEmpty() || logFile.contains("/") || logFile.startsWith(".")) {
            throw new IllegalArgumentException("not a log file name: '" + logFile + "'");
        }
        if (start < 0 || end <= start || end > MAX_OFFSET) {
            throw new IllegalArgumentException("not a segment range: [" + start + ", " + end + ")");
        }
    }

    /** A segment stored in the clear. */
    public LogSegment(String logFile, long start, long end) {
        this(logFile, start, end, false);
    }

    /** The same range, stored sealed ({@code true}) or in the clear. */
    public LogSegment sealed(boolean sealed) {
        return new LogSegment(logFile, start, end, sealed);
    }

    /** {@code 000000000004-000000001135.gz}, or {@code .gz.age} when sealed. */
    public String fileName() {
        return String.format("%012d-%012d%s", start, end, sealed ? SEALED_SUFFIX : SUFFIX);
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
        return end > start ? Optional.of(new LogSegment(logFile, start, end, m.group(3) != null)) : Optional.empty();
    }

    @Override
    public int compareTo(LogSegment other) {
        int byFile = logFile.compareTo(other.logFile);
        int byStart = byFile != 0 ? byFile : Long.compare(start, other.start);
        return byStart != 0 ? byStart : Boolean.compare(sealed, other.sealed);
    }

    @Override
    public String toString() {
        return logFile + "/" + fileName();
    }
}
