package dev.backstop.logarchive;

/**
 * A place in a server's logs: byte {@code offset} of log file {@code logFile}. Log files of one
 * server sort by name in the order the server wrote them ({@code bin.000009} before {@code bin.000010}).
 */
public record LogPosition(String logFile, long offset) implements Comparable<LogPosition> {

    @Override
    public int compareTo(LogPosition other) {
        int byFile = logFile.compareTo(other.logFile);
        return byFile != 0 ? byFile : Long.compare(offset, other.offset);
    }

    @Override
    public String toString() {
        return logFile + ":" + offset;
    }
}
