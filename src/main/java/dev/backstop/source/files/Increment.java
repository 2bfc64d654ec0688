package dev.backstop.source.files;

import java.io.ByteArrayOutputStream;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An archive in GNU tar's listed-incremental format: every directory lists each name it holds
 * in a {@code GNU.dumpdir} PAX record, flagged 'D' (a directory), 'Y' (in this archive) or 'N'
 * (unchanged since {@code previous}, or excluded), and only the files flagged 'Y' are archived.
 * {@code tar -x -g /dev/null} deletes what a directory no longer lists, so archives applied oldest
 * first recreate the tree, deletions and renames included. What this walk sees goes into
 * {@code current}, the next run's {@code previous}.
 *
 * @param checkDevice false where device numbers change across reboots (LVM, RAID), which would
 *     otherwise make every file look changed, as GNU tar's {@code --no-check-device}
 */
record Increment(Snapshot previous, Snapshot current, boolean checkDevice) {

    /** The attributes {@link #stamp} needs, for {@code Files.readAttributes}. */
    static final String ATTRIBUTES = "ctime,ino,dev";

    /** Remembers {@code name} in the current snapshot; true when it differs from the previous one. */
    boolean changed(byte[] name, Map<String, Object> attrs) {
        Snapshot.Stamp now = stamp(attrs);
        current.put(name, now);
        return !previous.unchanged(name, now, checkDevice);
    }

    /**
     * Remembers directory {@code name} in the current snapshot (under its name and a '/', which no
     * file name ends with); true when it is new or differs from the previous one. A directory
     * whose stamp is unchanged holds the names it held: any name added, removed or renamed
     * changes its ctime (and mtime), and so does a change of its mode or owner.
     */
    boolean directoryChanged(byte[] name, Map<String, Object> attrs) {
        byte[] key = Arrays.copyOf(name, name.length + 1);
        key[name.length] = '/';
        return changed(key, attrs);
    }

    private static Snapshot.Stamp stamp(Map<String, Object> attrs) {
        return new Snapshot.Stamp(((FileTime) attrs.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
                ((FileTime) attrs.get("ctime")).to(TimeUnit.NANOSECONDS), (Long) attrs.get("size"),
                (Long) attrs.get("ino"), (Long) attrs.get("dev"));
    }

    /**
     * The body of a {@code GNU.dumpdir} record: flag, name, NUL for each entry, and a final NUL.
     * Names are sorted by their bytes, as GNU tar writes them: it looks names up by binary search.
     */
    static final class Dumpdir {
        private final List<byte[]> entries = new ArrayList<>();

        void add(char flag, byte[] childName) {
            byte[] entry = new byte[childName.length + 1];
            entry[0] = (byte) flag;
            System.arraycopy(childName, 0, entry, 1, childName.length);
            entries.add(entry);
        }

        byte[] toBytes() {
            entries.sort((a, b) -> Arrays.compareUnsigned(a, 1, a.length, b, 1, b.length));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (byte[] entry : entries) {
                bytes.writeBytes(entry);
                bytes.write(0);
            }
            bytes.write(0);
            return bytes.toByteArray();
        }
    }
}
