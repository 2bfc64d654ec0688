package dev.backstop.source.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What one walk saw of each file, symlink and directory, so that the next walk archives only what changed.
 * A file counts as changed, as GNU tar counts it, when its mtime, ctime, size, inode or device
 * differs; ctime catches a change of mode or owner alone, inode a file replaced by a rename.
 * Entries are keyed by their name's bytes (a directory's with a '/' added), so a renamed file or directory
 * is new under its new name.
 */
final class Snapshot {

    private static final String HEADER = "backstop-files-snapshot 1";
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Each byte's value as a hex digit, -1 for a byte that is none: a state has millions of digits. */
    private static final byte[] HEX_VALUE = new byte[256];

    static {
        Arrays.fill(HEX_VALUE, (byte) -1);
        for (int i = 0; i < 16; i++) {
            HEX_VALUE[HEX[i]] = (byte) i;
            HEX_VALUE[Character.toUpperCase(HEX[i])] = (byte) i;
        }
    }

    /** The facts of one file that tell whether it changed. */
    record Stamp(long mtimeNanos, long ctimeNanos, long size, long inode, long device) {
        boolean sameAs(Stamp other, boolean checkDevice) {
            return mtimeNanos == other.mtimeNanos && ctimeNanos == other.ctimeNanos && size == other.size
                    && inode == other.inode && (!checkDevice || device == other.device);
        }
    }

    // a name's bytes as Latin-1: one char per byte, so any name is a key, UTF-8 or not; hashed, as
    // full paths share long prefixes that make every comparison of a sorted map slow
    private final Map<String, Stamp> stamps = new HashMap<>();

    /** A snapshot with nothing in it: against it, everything is new (a full, level 0). */
    static Snapshot empty() {
        return new Snapshot();
    }

    void put(byte[] name, Stamp stamp) {
        stamps.put(key(name), stamp);
    }

    /** True when {@code name} was seen with facts like {@code now}; a name not seen before is changed. */
    boolean unchanged(byte[] name, Stamp now, boolean checkDevice) {
        Stamp before = stamps.get(key(name));
        return before != null && before.sameAs(now, checkDevice);
    }

    int size() {
        return stamps.size();
    }

    /** One line per entry, sorted by name: mtime, ctime, size, inode, device, the name in hex. */
    void write(OutputStream out) throws IOException {
        String[] names = stamps.keySet().toArray(new String[0]);
        Arrays.sort(names); // one char per byte: by the names' bytes
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        buffered.write((HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
        // formatted by hand into one line buffer: a state has a line for every name of the tree,
        // written at the end of each walk
        byte[] line = new byte[256];
        for (String name : names) {
            Stamp s = stamps.get(name);
            if (line.length < 6 * 21 + 2 * name.length()) {
                line = new byte[6 * 21 + 2 * name.length()];
            }
            int at = 0;
            for (long field : new long[] {s.mtimeNanos(), s.ctimeNanos(), s.size(), s.inode(), s.device()}) {
                at = putDecimal(line, at, field);
                line[at++] = ' ';
            }
            for (int i = 0; i < name.length(); i++) {
                int b = name.charAt(i);
                line[at++] = HEX[b >>> 4];
                line[at++] = HEX[b & 0xf];
            }
            line[at++] = '\n';
            buffered.write(line, 0, at);
        }
        buffered.flush();
    }

    /** Reads what {@link #write} wrote; {@code what} names the file in an error. */
    static Snapshot read(InputStream in, String what) throws IOException {
        Lines lines = new Lines(in);
        String header = lines.next() ? new String(lines.bytes, 0, lines.length, StandardCharsets.ISO_8859_1) : null;
        if (!HEADER.equals(header)) {
            throw new IOException(what + ", line 1: expected '" + HEADER + "', found '" + header
                    + "'; delete the file and the next run makes a full archive");
        }
        Snapshot snapshot = new Snapshot();
        long[] numbers = new long[5];
        for (int lineNumber = 2; lines.next(); lineNumber++) {
            try {
                String name = parse(lines.bytes, lines.length, numbers);
                snapshot.stamps.put(name, new Stamp(numbers[0], numbers[1], numbers[2], numbers[3], numbers[4]));
            } catch (IllegalArgumentException e) {
                throw new IOException(what + ", line " + lineNumber + ": " + e.getMessage()
                        + "; delete the file and the next run makes a full archive", e);
            }
        }
        return snapshot;
    }

    /** Writes {@code value} in decimal at {@code at}; where it ends. */
    private static int putDecimal(byte[] line, int at, long value) {
        if (value == Long.MIN_VALUE) { // the one value whose magnitude is no long
            byte[] min = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(min, 0, line, at, min.length);
            return at + min.length;
        }
        if (value < 0) {
            line[at++] = '-';
            value = -value;
        }
        int first = at;
        do {
            line[at++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (int i = first, j = at - 1; i < j; i++, j--) {
            byte b = line[i];
            line[i] = line[j];
            line[j] = b;
        }
        return at;
    }

    /** Parses one line into its five numbers and returns its name (one char per byte). */
    private static String parse(byte[] line, int length, long[] numbers) {
        int fields = 1;
        for (int i = 0; i < length; i++) {
            fields += line[i] == ' ' ? 1 : 0;
        }
        if (fields != 6) {
            throw new IllegalArgumentException("expected 6 fields, found " + fields);
        }
        int at = 0;
        for (int f = 0; f < 5; f++) {
            int end = at;
            while (line[end] != ' ') {
                end++;
            }
            numbers[f] = parseDecimal(line, at, end);
            at = end + 1;
        }
        int hexLength = length - at;
        if (hexLength == 0 || hexLength % 2 != 0) {
            throw new IllegalArgumentException("the name is not hex: '" + text(line, at, length) + "'");
        }
        byte[] name = new byte[hexLength / 2];
        for (int i = 0; i < name.length; i++) {
            int high = HEX_VALUE[line[at + 2 * i] & 0xff];
            int low = HEX_VALUE[line[at + 2 * i + 1] & 0xff];
            if ((high | low) < 0) {
                throw new IllegalArgumentException("the name is not hex: '" + text(line, at, length) + "'");
            }
            name[i] = (byte) (high << 4 | low);
        }
        return key(name);
    }

    /** The decimal number in {@code line[from, to)}, as {@link Long#parseLong} reads it. */
    private static long parseDecimal(byte[] line, int from, int to) {
        boolean negative = from < to && line[from] == '-';
        int at = negative ? from + 1 : from;
        if (at == to) {
            throw new IllegalArgumentException("not a number: '" + text(line, from, to) + "'");
        }
        if (to - at <= 18) { // no overflow possible: the exact arithmetic below costs a state's load twice this
            long value = 0;
            for (int i = at; i < to; i++) {
                int digit = line[i] - '0';
                if (digit < 0 || digit > 9) {
                    throw new IllegalArgumentException("not a number: '" + text(line, from, to) + "'");
                }
                value = value * 10 + digit;
            }
            return negative ? -value : value;
        }
        long value = 0; // counted below zero, which reaches Long.MIN_VALUE
        try {
            for (; at < to; at++) {
                int digit = line[at] - '0';
                if (digit < 0 || digit > 9) {
                    throw new IllegalArgumentException("not a number: '" + text(line, from, to) + "'");
                }
                value = Math.subtractExact(Math.multiplyExact(value, 10), digit);
            }
            return negative ? value : Math.negateExact(value);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("not a number of 64 bits: '" + text(line, from, to) + "'", e);
        }
    }

    private static String text(byte[] line, int from, int to) {
        return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** The lines of a stream, each in {@link #bytes} without its newline, one after the other. */
    private static final class Lines {
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;
        byte[] bytes = new byte[256];
        int length;

        Lines(InputStream in) {
            this.in = in;
        }

        /** Reads the next line; false at the end. A last line without a newline counts. */
        boolean next() throws IOException {
            length = 0;
            boolean any = false;
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer, 0, buffer.length);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return any;
                    }
                }
                any = true;
                int end = position;
                while (end < limit && buffer[end] != '\n') {
                    end++;
                }
                append(position, end);
                position = end < limit ? end + 1 : end;
                if (end < limit) {
                    return true;
                }
            }
        }

        private void append(int from, int to) {
            int n = to - from;
            if (length + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + n));
            }
            System.arraycopy(buffer, from, bytes, length, n);
            length += n;
        }
    }

    private static String key(byte[] name) {
        return new String(name, StandardCharsets.ISO_8859_1);
    }
}
