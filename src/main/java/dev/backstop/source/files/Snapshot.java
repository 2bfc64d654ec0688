package dev.backstop.source.files;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one walk saw of each file, symlink and directory, so that the next walk archives only what changed.
 * A file counts as changed, as GNU tar counts it, when its mtime, ctime, size, inode or device
 * differs; ctime catches a change of mode or owner alone, inode a file replaced by a rename.
 * Entries are keyed by their name's bytes (a directory's with a '/' added), so a renamed file or directory
 * is new under its new name.
 */
final class Snapshot {

    private static final String HEADER = "backstop-files-snapshot 1";

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

    /** One line per file, sorted by name: mtime, ctime, size, inode, device, the name in hex. */
    void write(OutputStream out) throws IOException {
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII));
        writer.write(HEADER);
        writer.write('\n');
        HexFormat hex = HexFormat.of();
        for (Map.Entry<String, Stamp> e : new TreeMap<>(stamps).entrySet()) {
            Stamp s = e.getValue();
            writer.write(s.mtimeNanos() + " " + s.ctimeNanos() + " " + s.size() + " " + s.inode() + " " + s.device()
                    + " " + hex.formatHex(e.getKey().getBytes(StandardCharsets.ISO_8859_1)) + "\n");
        }
        writer.flush();
    }

    /** Reads what {@link #write} wrote; {@code what} names the file in an error. */
    static Snapshot read(InputStream in, String what) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        String header = reader.readLine();
        if (!HEADER.equals(header)) {
            throw new IOException(what + ", line 1: expected '" + HEADER + "', found '" + header
                    + "'; delete the file and the next run makes a full archive");
        }
        Snapshot snapshot = new Snapshot();
        int lineNumber = 1;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            String[] f = line.split(" ");
            try {
                if (f.length != 6) {
                    throw new IllegalArgumentException("expected 6 fields, found " + f.length);
                }
                snapshot.put(HexFormat.of().parseHex(f[5]), new Stamp(Long.parseLong(f[0]), Long.parseLong(f[1]),
                        Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])));
            } catch (IllegalArgumentException e) {
                throw new IOException(what + ", line " + lineNumber + ": " + e.getMessage()
                        + "; delete the file and the next run makes a full archive", e);
            }
        }
        return snapshot;
    }

    private static String key(byte[] name) {
        return new String(name, StandardCharsets.ISO_8859_1);
    }
}
