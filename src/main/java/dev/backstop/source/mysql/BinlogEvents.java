package dev.backstop.source.mysql;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The framing of a binary log file: 4 magic bytes, then events, each with a 19-byte header whose
 * bytes 9 to 12 hold the event's length (little-endian, header and checksum included). Only the
 * framing is read; the events' contents are the server's business.
 */
final class BinlogEvents {

    static final byte[] MAGIC = {(byte) 0xfe, 'b', 'i', 'n'};
    static final int HEADER = 19;
    private static final int TYPE_AT = 4;
    private static final int LENGTH_AT = 9;
    private static final int FORMAT_DESCRIPTION = 0x0f;
    private static final long MAX_EVENT = 1L << 32;

    private BinlogEvents() {
    }

    /**
     * The length of the prefix a resumed {@code --raw} stream writes before the events asked for:
     * the magic bytes and a format description event; -1 while the file does not hold it all yet.
     *
     * @throws IOException the file does not start with that prefix
     */
    static long resumePrefix(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = read(channel, 0, MAGIC.length + HEADER);
            if (head == null) {
                return -1;
            }
            byte[] magic = new byte[MAGIC.length];
            head.get(0, magic);
            if (!Arrays.equals(magic, MAGIC) || (head.get(MAGIC.length + TYPE_AT) & 0xff) != FORMAT_DESCRIPTION) {
                throw new IOException(file + " does not start with a binary log's magic bytes and format description "
                        + "event, as a resumed stream does");
            }
            long length = head.getInt(MAGIC.length + LENGTH_AT) & 0xffffffffL;
            long prefix = MAGIC.length + length;
            return channel.size() >= prefix ? prefix : -1;
        }
    }

    /**
     * The end of the last complete event at or after {@code from}, which must be an event boundary
     * (or 0: the file's start). Never a boundary before the end of the first event, so that a
     * stream resumed there never repeats the format description event.
     */
    static long completeUpTo(Path file, long from) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long at = Math.max(from, MAGIC.length);
            long boundary = from;
            while (true) {
                ByteBuffer header = read(channel, at, HEADER);
                if (header == null) {
                    return boundary;
                }
                long length = header.getInt(LENGTH_AT) & 0xffffffffL;
                if (length < HEADER || length >= MAX_EVENT) {
                    throw new IOException(file + ": no binary log event at byte " + at + " (length " + length + ")");
                }
                if (at + length > size) {
                    return boundary;
                }
                at += length;
                boundary = at;
            }
        }
    }

    /** {@code length} bytes at {@code position}, little-endian, or null when the file is shorter. */
    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        if (channel.size() < position + length) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                return null;
            }
        }
        return buffer.flip();
    }
}
