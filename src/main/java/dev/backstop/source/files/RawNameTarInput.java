package dev.backstop.source.files;

import dev.backstop.codec.DiscardableInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads a tar stream and gives each entry's name and link target as the bytes the archive
 * holds. commons-compress decodes PAX {@code path} and {@code linkpath} records as UTF-8 and
 * replaces what is not; this stream keeps the raw bytes of each extended header as
 * commons-compress reads it through {@link #read(byte[], int, int)}, and takes the names from
 * there. Names in the ustar fields (where GNU tar keeps a short link target as raw bytes, with no
 * {@code linkpath} record) are decoded as ISO-8859-1, one char per byte, and turned back into
 * the same bytes.
 */
final class RawNameTarInput extends TarArchiveInputStream {

    private final ByteArrayOutputStream extendedHeader = new ByteArrayOutputStream();
    /**
     * What an entry's reader left unread, and the padding after it, are read past through this:
     * commons-compress skips both through commons-io with a new 8 KiB buffer each time, twice per
     * header (some GB of garbage for a chain whose increments hold every directory).
     */
    private final byte[] unread = new byte[64 * 1024];
    /** The tar stream under the entries, where the padding after each entry's content is. */
    private final InputStream records;
    /** Where the stream can pass over content unread (zstd frames), or null. */
    private final DiscardableInput discardable;
    /** Below this, what an entry left unread is read: passing over costs more than it saves. */
    private static final long DISCARD_MIN = 1 << 20;
    /** getNextEntry() calls itself once it has read an extended header: only the outer call starts afresh. */
    private int depth;
    private byte[] name;
    private byte[] linkName;
    private byte[] dumpdir;

    RawNameTarInput(InputStream in) {
        super(in, StandardCharsets.ISO_8859_1.name());
        this.records = in;
        this.discardable = in instanceof DiscardableInput d ? d : null;
    }

    @Override
    public TarArchiveEntry getNextEntry() throws IOException {
        TarArchiveEntry current = getCurrentEntry();
        if (depth == 0) {
            // available(): what is left of the entry's content, by the stream's own count (at most 2 GiB)
            if (current != null && discardable != null && current.isFile() && !current.isSparse()
                    && available() >= DISCARD_MIN) {
                // a file not wanted: the frames of its content need not even be decompressed
                discardable.discardNext(available());
            }
            extendedHeader.reset();
        }
        // also inside: after an extended header or a GNU long name, which commons-compress has read
        if (current != null) {
            while (read(unread, 0, unread.length) > 0) {
                // the rest of the entry before, not wanted
            }
            if (!current.isSparse()) {
                readPadding(current);
                setCurrentEntry(null); // nothing left for commons-compress to skip
            }
        }
        TarArchiveEntry entry;
        depth++;
        try {
            entry = super.getNextEntry();
        } finally {
            depth--;
        }
        if (depth == 0 && entry != null) {
            Map<String, byte[]> records = PaxRecords.parse(extendedHeader.toByteArray());
            name = records.containsKey("path") ? records.get("path")
                    : entry.getName().getBytes(StandardCharsets.ISO_8859_1);
            linkName = records.containsKey("linkpath") ? records.get("linkpath")
                    : entry.getLinkName().getBytes(StandardCharsets.ISO_8859_1);
            dumpdir = records.get("GNU.dumpdir");
        }
        return entry;
    }

    /**
     * Reads the zeros that fill the current entry's content up to the next record, as commons-compress
     * would: a directory's content, if any, is not padded there.
     */
    private void readPadding(TarArchiveEntry current) throws IOException {
        long size = current.getSize();
        int record = getRecordSize();
        if (current.isDirectory() || size <= 0 || size % record == 0) {
            return;
        }
        int padding = (int) (record - size % record);
        int read = records.readNBytes(unread, 0, padding);
        if (read != padding) {
            throw new IOException("truncated tar archive: it ends in the padding after " + current.getName());
        }
    }

    @Override
    public int read(byte[] buf, int offset, int length) throws IOException {
        int n = super.read(buf, offset, length);
        TarArchiveEntry current = getCurrentEntry();
        if (n > 0 && current != null && current.isPaxHeader()) {
            extendedHeader.write(buf, offset, n);
        }
        return n;
    }

    /** The current entry's name, as the archive holds it (a directory's may end with '/'). */
    byte[] name() {
        return name;
    }

    /** The current directory's {@code GNU.dumpdir} record (an incremental archive's), or null. */
    byte[] dumpdir() {
        return dumpdir;
    }

    /** The current entry's link target as the archive holds it; empty for an entry that is not a link. */
    byte[] linkName() {
        return linkName;
    }
}
