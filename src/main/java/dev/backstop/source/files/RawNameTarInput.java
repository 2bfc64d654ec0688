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
    /** What an entry's reader left unread is read past through this: commons-io's skip allocates a buffer per read. */
    private final byte[] unread = new byte[64 * 1024];
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
        this.discardable = in instanceof DiscardableInput d ? d : null;
    }

    @Override
    public TarArchiveEntry getNextEntry() throws IOException {
        if (depth == 0) {
            TarArchiveEntry current = getCurrentEntry();
            // available(): what is left of the entry's content, by the stream's own count (at most 2 GiB)
            if (current != null && discardable != null && current.isFile() && !current.isSparse()
                    && available() >= DISCARD_MIN) {
                // a file not wanted: the frames of its content need not even be decompressed
                discardable.discardNext(available());
            }
            while (current != null && read(unread, 0, unread.length) > 0) {
                // the rest of the entry before, not wanted
            }
            extendedHeader.reset();
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
