package dev.backstop.source.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
    }

    private static final int FACTS = 5;
    // Entries live in a few flat arrays, not as a map of objects: a tree's snapshot (an incremental run
    // holds two, the previous and the current) would be four objects a name, which every collection of
    // a run's small heap traces and young ones copy (the bench's tree: 170,000 objects in an increment).
    // Names are hashed, as full paths share long prefixes.
    /** Every name's bytes, one after the other; entry {@code i} ends at {@code nameEnds[i]}. */
    private byte[] names = new byte[1 << 12];
    private int[] nameEnds = new int[64];
    private int[] hashes = new int[64];
    /** {@link #FACTS} numbers an entry: mtime, ctime, size, inode, device. */
    private long[] facts = new long[64 * FACTS];
    /** Open addressing with linear probing: an entry's index + 1, 0 where the slot is free; at most half full. */
    private int[] slots = new int[128];
    private int count;

    /** A snapshot with nothing in it: against it, everything is new (a full, level 0). */
    static Snapshot empty() {
        return new Snapshot();
    }

    void put(byte[] name, Stamp stamp) {
        put(name, name.length, stamp.mtimeNanos(), stamp.ctimeNanos(), stamp.size(), stamp.inode(), stamp.device());
    }

    /** True when {@code name} was seen with facts like {@code now}; a name not seen before is changed. */
    boolean unchanged(byte[] name, Stamp now, boolean checkDevice) {
        int slot = find(name, name.length, hash(name, name.length));
        if (slots[slot] == 0) {
            return false;
        }
        int at = (slots[slot] - 1) * FACTS;
        return facts[at] == now.mtimeNanos() && facts[at + 1] == now.ctimeNanos() && facts[at + 2] == now.size()
                && facts[at + 3] == now.inode() && (!checkDevice || facts[at + 4] == now.device());
    }

    int size() {
        return count;
    }

    /** One line per entry, sorted by name: mtime, ctime, size, inode, device, the name in hex. */
    void write(OutputStream out) throws IOException {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(names, nameStart(a), nameEnds[a], names, nameStart(b), nameEnds[b]));
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        buffered.write((HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
        // formatted by hand into one line buffer: a state has a line for every name of the tree,
        // written at the end of each walk
        byte[] line = new byte[256];
        for (int entry : order) {
            int from = nameStart(entry);
            int length = nameEnds[entry] - from;
            if (line.length < (FACTS + 1) * 21 + 2 * length) {
                line = new byte[(FACTS + 1) * 21 + 2 * length];
            }
            int at = 0;
            for (int f = 0; f < FACTS; f++) {
                at = putDecimal(line, at, facts[entry * FACTS + f]);
                line[at++] = ' ';
            }
            for (int i = from; i < from + length; i++) {
                int b = names[i] & 0xff;
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
        long[] numbers = new long[FACTS];
        byte[] name = new byte[128];
        for (int lineNumber = 2; lines.next(); lineNumber++) {
            try {
                if (name.length < lines.length / 2) {
                    name = new byte[lines.length];
                }
                int length = parse(lines.bytes, lines.length, numbers, name);
                snapshot.put(name, length, numbers[0], numbers[1], numbers[2], numbers[3], numbers[4]);
            } catch (IllegalArgumentException e) {
                throw new IOException(what + ", line " + lineNumber + ": " + e.getMessage()
                        + "; delete the file and the next run makes a full archive", e);
            }
        }
        return snapshot;
    }

    /** Adds {@code name[0, length)} with its facts, or replaces the facts of a name already held. */
    private void put(byte[] name, int length, long mtimeNanos, long ctimeNanos, long size, long inode, long device) {
        int hash = hash(name, length);
        int slot = find(name, length, hash);
        int entry = slots[slot] - 1;
        if (entry < 0) {
            entry = count++;
            if (entry == nameEnds.length) {
                nameEnds = Arrays.copyOf(nameEnds, 2 * entry);
                hashes = Arrays.copyOf(hashes, 2 * entry);
                facts = Arrays.copyOf(facts, 2 * entry * FACTS);
            }
            int from = nameStart(entry);
            if (from + length > names.length) {
                names = Arrays.copyOf(names, Math.max(2 * names.length, from + length));
            }
            System.arraycopy(name, 0, names, from, length);
            nameEnds[entry] = from + length;
            hashes[entry] = hash;
            slots[slot] = entry + 1;
            if (2 * count > slots.length) {
                rehash();
            }
        }
        int at = entry * FACTS;
        facts[at] = mtimeNanos;
        facts[at + 1] = ctimeNanos;
        facts[at + 2] = size;
        facts[at + 3] = inode;
        facts[at + 4] = device;
    }

    /** The slot that holds {@code name}, or the free slot where it would go. */
    private int find(byte[] name, int length, int hash) {
        int mask = slots.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int entry = slots[slot] - 1;
            if (entry < 0 || hashes[entry] == hash
                    && Arrays.equals(names, nameStart(entry), nameEnds[entry], name, 0, length)) {
                return slot;
            }
        }
    }

    private void rehash() {
        slots = new int[2 * slots.length];
        int mask = slots.length - 1;
        for (int entry = 0; entry < count; entry++) {
            int slot = hashes[entry] & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = entry + 1;
        }
    }

    private int nameStart(int entry) {
        return entry == 0 ? 0 : nameEnds[entry - 1];
    }

    private static int hash(byte[] name, int length) {
        int h = 1;
        for (int i = 0; i < length; i++) {
            h = 31 * h + name[i];
        }
        return (h ^ (h >>> 16)) * 0x9E3779B9; // spreads the low bits a mask keeps
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

    /** Parses one line into its five numbers and its name, decoded into {@code name}; the name's length. */
    private static int parse(byte[] line, int length, long[] numbers, byte[] name) {
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
        for (int i = 0; i < hexLength / 2; i++) {
            int high = HEX_VALUE[line[at + 2 * i] & 0xff];
            int low = HEX_VALUE[line[at + 2 * i + 1] & 0xff];
            if ((high | low) < 0) {
                throw new IllegalArgumentException("the name is not hex: '" + text(line, at, length) + "'");
            }
            name[i] = (byte) (high << 4 | low);
        }
        return hexLength / 2;
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
}
