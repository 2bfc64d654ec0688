package dev.backstop.source.mysql;

import dev.backstop.source.LogReplayer.Bound;
import dev.backstop.source.LogReplayer.Replay;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads rebuilt binary log files as a sequence of transactions (event groups) for where a replay
 * ends. A group starts at a GTID event (MariaDB's, or MySQL's GTID or anonymous GTID event, which
 * every MySQL 5.7+ and MariaDB 10.0+ server writes) and takes the events up to the next group or
 * control event. The log's order is the commit order; a group counts as committed at the
 * timestamp of its latest event (the XID or COMMIT, written at commit). The replay stops at the
 * first group committed after the bound's moment, so that every group before it in the log is
 * applied and none from it on; an event carries whole seconds, so the moment is compared to the
 * second. A trailing group whose end is not in the archive yet is never applied.
 */
final class BinlogTimeline {

    private static final int QUERY = 2;
    private static final int STOP = 3;
    private static final int ROTATE = 4;
    private static final int FORMAT_DESCRIPTION = 15;
    private static final int XID = 16;
    private static final int HEARTBEAT = 27;
    private static final int MYSQL_GTID = 33;
    private static final int MYSQL_ANONYMOUS_GTID = 34;
    private static final int MYSQL_PREVIOUS_GTIDS = 35;
    private static final int XA_PREPARE = 38;
    private static final int BINLOG_CHECKPOINT = 161;
    private static final int GTID = 162;
    private static final int GTID_LIST = 163;
    private static final int START_ENCRYPTION = 164;
    private static final Set<Integer> GROUP_START = Set.of(GTID, MYSQL_GTID, MYSQL_ANONYMOUS_GTID);
    private static final Set<Integer> CONTROL = Set.of(STOP, ROTATE, FORMAT_DESCRIPTION, HEARTBEAT,
            MYSQL_PREVIOUS_GTIDS, BINLOG_CHECKPOINT, GTID_LIST, START_ENCRYPTION);
    /** MariaDB's GTID event flag: a statement that needs no COMMIT (DDL). */
    private static final int FL_STANDALONE = 1;
    /** Query event: 13 bytes of post-header (thread id, time, db length, error code, status length). */
    private static final int QUERY_POST_HEADER = 13;
    private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROLLBACK = "ROLLBACK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BEGIN = "BEGIN".getBytes(StandardCharsets.US_ASCII);

    /** The transaction being read. */
    private static final class Group {
        final long start;
        long end;
        long commitSeconds;
        int events;
        int lastType;
        boolean standalone;
        boolean lastQueryEnds;
        boolean firstQueryBegins;

        Group(long start) {
            this.start = start;
        }

        /** Whether its end is in the log: a terminating event, a standalone statement, or one statement alone. */
        boolean complete() {
            return lastType == XID || lastType == XA_PREPARE || lastQueryEnds || standalone && events > 0
                    || events == 1 && lastType == QUERY && !firstQueryBegins;
        }
    }

    private BinlogTimeline() {
    }

    static Replay scan(List<Path> files, long startOffset, Bound bound) throws IOException {
        long boundSeconds = bound.at() == null ? Long.MAX_VALUE : bound.at().getEpochSecond();
        String lastFile = null;
        long lastEnd = -1;
        long lastCommit = -1;
        long transactions = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String name = file.getFileName().toString();
            boolean boundFile = name.equals(bound.logFile());
            boolean lastOfFiles = i == files.size() - 1;
            long size = Files.size(file);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                byte[] magic = in.readNBytes(BinlogEvents.MAGIC.length);
                if (!Arrays.equals(magic, BinlogEvents.MAGIC)) {
                    throw new IOException(name + " does not start with a binary log's magic bytes");
                }
                long at = BinlogEvents.MAGIC.length;
                long from = i == 0 ? startOffset : at;
                skip(in, from - at, name);
                at = from;
                Group group = null;
                int lastType = -1;
                while (at < size) {
                    if (boundFile && at == bound.offset()) {
                        if (group != null) {
                            lastFile = name;
                            lastEnd = group.end;
                            lastCommit = group.commitSeconds;
                            transactions++;
                        }
                        return new Replay(i + 1, at, lastFile, lastEnd, instant(lastCommit), true, transactions);
                    }
                    if (boundFile && at > bound.offset()) {
                        throw new IOException(name + ": byte " + bound.offset() + " is not the start of an event,"
                                + " so no replay can stop there");
                    }
                    if (size - at < BinlogEvents.HEADER) {
                        throw new IOException(name + ": the event at byte " + at + " is cut short at byte " + size);
                    }
                    ByteBuffer header = read(in, BinlogEvents.HEADER, name, at);
                    long seconds = header.getInt(0) & 0xffffffffL;
                    int type = header.get(4) & 0xff;
                    long length = header.getInt(9) & 0xffffffffL;
                    if (length < BinlogEvents.HEADER || at + length > size) {
                        throw new IOException(name + ": the event at byte " + at + " (length " + length
                                + ") does not end within the file's " + size + " bytes");
                    }
                    int body = (int) Math.min(length - BinlogEvents.HEADER, 512);
                    ByteBuffer head = read(in, body, name, at);
                    skip(in, length - BinlogEvents.HEADER - body, name);
                    if (GROUP_START.contains(type) || CONTROL.contains(type)) {
                        if (group != null) {
                            if (group.commitSeconds > boundSeconds) {
                                return new Replay(i + 1, group.start, lastFile, lastEnd, instant(lastCommit), true,
                                        transactions);
                            }
                            lastFile = name;
                            lastEnd = group.end;
                            lastCommit = group.commitSeconds;
                            transactions++;
                        }
                        group = null;
                        if (GROUP_START.contains(type)) {
                            group = new Group(at);
                            group.end = at + length;
                            group.commitSeconds = seconds;
                            group.standalone = type == GTID && body > 12 && (head.get(12) & FL_STANDALONE) != 0;
                        }
                    } else if (group != null) {
                        group.events++;
                        group.lastType = type;
                        group.end = at + length;
                        group.commitSeconds = Math.max(group.commitSeconds, seconds);
                        if (type == QUERY) {
                            byte[] sql = queryStart(head);
                            group.lastQueryEnds = startsWith(sql, COMMIT) || startsWith(sql, ROLLBACK);
                            if (group.events == 1) {
                                group.firstQueryBegins = startsWith(sql, BEGIN);
                            }
                        } else {
                            group.lastQueryEnds = false;
                        }
                    }
                    lastType = type;
                    at += length;
                }
                if (boundFile && at == bound.offset()) {
                    if (group != null) {
                        lastFile = name;
                        lastEnd = group.end;
                        lastCommit = group.commitSeconds;
                        transactions++;
                    }
                    return new Replay(i + 1, -1, lastFile, lastEnd, instant(lastCommit), true, transactions);
                }
                if (!lastOfFiles && lastType != ROTATE && lastType != STOP) {
                    throw new IOException(name + ": the bytes from " + size + " to the file's end are missing (it"
                            + " does not end with the server's rotation, though " + files.get(i + 1).getFileName()
                            + " follows)");
                }
                if (group != null) {
                    if (lastOfFiles && !group.complete() || group.commitSeconds > boundSeconds) {
                        // not committed within the archive yet, or after the moment: the replay stops before it
                        return new Replay(i + 1, group.start, lastFile, lastEnd, instant(lastCommit),
                                group.complete(), transactions);
                    }
                    lastFile = name;
                    lastEnd = group.end;
                    lastCommit = group.commitSeconds;
                    transactions++;
                }
            }
        }
        if (bound.at() == null) {
            throw new IOException("the archive ends before " + bound.logFile() + ":" + bound.offset()
                    + ", the place the replay must reach");
        }
        return new Replay(files.size(), -1, lastFile, lastEnd, instant(lastCommit), false, transactions);
    }

    private static Instant instant(long seconds) {
        return seconds < 0 ? null : Instant.ofEpochSecond(seconds);
    }

    /** The first bytes of a query event's statement, from the first bytes of its body. */
    private static byte[] queryStart(ByteBuffer body) {
        if (body.limit() < QUERY_POST_HEADER) {
            return new byte[0];
        }
        int dbLength = body.get(8) & 0xff;
        int statusLength = body.getShort(11) & 0xffff;
        int sql = QUERY_POST_HEADER + statusLength + dbLength + 1;
        if (sql >= body.limit()) {
            return new byte[0];
        }
        byte[] text = new byte[Math.min(body.limit() - sql, 16)];
        body.get(sql, text);
        return text;
    }

    private static boolean startsWith(byte[] text, byte[] prefix) {
        if (text.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (Character.toUpperCase(text[i]) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static ByteBuffer read(InputStream in, int length, String name, long at) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException(name + ": the event at byte " + at + " is cut short");
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void skip(InputStream in, long n, String name) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException(name + " is shorter than its events say");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }
}
