package dev.backstop.source.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A POSIX (PAX) tar stream whose entries are named by bytes, as Linux names files. An entry
 * whose name and link target are UTF-8 is written as commons-compress writes it (a PAX header
 * for a name that is long or not ASCII). For any other entry this class writes the extended
 * header itself, with the name and the link target as raw bytes in its {@code path} and
 * {@code linkpath} records, which is what GNU tar writes for such names: GNU tar restores them
 * byte for byte, and so does {@link RawNameTarInput}.
 */
final class RawNameTarOutput extends TarArchiveOutputStream {

    /** The ustar name and link fields hold 100 bytes; a longer placeholder would need a header of its own. */
    private static final int PLACEHOLDER = TarConstants.NAMELEN - 1;

    /**
     * An entry whose name or link target is not UTF-8, or a directory with a {@code GNU.dumpdir}
     * record; its string name is a placeholder.
     */
    private static final class RawEntry extends TarArchiveEntry {
        final byte[] path;
        final byte[] linkPath;
        final byte[] dumpdir;

        RawEntry(byte[] path, byte[] linkPath, byte linkFlag, byte[] dumpdir) {
            super(RawNames.ascii(path, PLACEHOLDER), linkFlag, true);
            this.path = path;
            this.linkPath = linkPath;
            this.dumpdir = dumpdir;
            if (linkPath != null) {
                setLinkName(RawNames.ascii(linkPath, PLACEHOLDER));
            }
        }
    }

    RawNameTarOutput(OutputStream out, int blockSize) {
        super(out, blockSize, StandardCharsets.UTF_8.name());
        setLongFileMode(LONGFILE_POSIX);
        setBigNumberMode(BIGNUMBER_POSIX);
        setAddPaxHeadersForNonAsciiNames(true);
    }

    /**
     * An entry named {@code path} (without a leading '/'; a directory's ends with '/'), linking
     * to {@code linkTarget} when that is not null.
     */
    static TarArchiveEntry entry(byte[] path, byte[] linkTarget, byte linkFlag) {
        if (RawNames.isUtf8(path) && (linkTarget == null || RawNames.isUtf8(linkTarget))) {
            TarArchiveEntry entry = new TarArchiveEntry(new String(path, StandardCharsets.UTF_8), linkFlag, true);
            if (linkTarget != null) {
                entry.setLinkName(new String(linkTarget, StandardCharsets.UTF_8));
            }
            return entry;
        }
        return new RawEntry(path, linkTarget, linkFlag, null);
    }

    /**
     * A directory entry named {@code path} (ending with '/') whose {@code GNU.dumpdir} record lists
     * what it holds, as GNU tar's {@code --format=posix --listed-incremental} writes it.
     */
    static TarArchiveEntry directory(byte[] path, byte[] dumpdir) {
        return new RawEntry(path, null, TarConstants.LF_DIR, dumpdir);
    }

    @Override
    public void putArchiveEntry(TarArchiveEntry entry) throws IOException {
        if (!(entry instanceof RawEntry raw)) {
            super.putArchiveEntry(entry);
            return;
        }
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("path", raw.path);
        if (raw.linkPath != null) {
            records.put("linkpath", raw.linkPath);
        }
        if (raw.dumpdir != null) {
            records.put("GNU.dumpdir", raw.dumpdir);
        }
        byte[] header = PaxRecords.format(records);
        String paxName = "./PaxHeaders.X/" + raw.getName(); // as commons-compress names its own
        TarArchiveEntry pax = new TarArchiveEntry(paxName.substring(0, Math.min(PLACEHOLDER, paxName.length())),
                TarConstants.LF_PAX_EXTENDED_HEADER_LC);
        pax.setSize(header.length);
        long seconds = raw.getLastModifiedTime().to(TimeUnit.SECONDS);
        pax.setLastModifiedTime(FileTime.from(seconds >= 0 && seconds <= TarConstants.MAXSIZE ? seconds : 0,
                TimeUnit.SECONDS));
        super.putArchiveEntry(pax);
        write(header);
        closeArchiveEntry();
        // GNU tar reads only the last of two extended headers in a row, so commons-compress must not
        // write one of its own for this entry: its names are short ASCII placeholders, and a number
        // too large for its octal field (a size of 8 GiB and more) goes in binary, which GNU tar reads
        setBigNumberMode(BIGNUMBER_STAR);
        try {
            super.putArchiveEntry(entry);
        } finally {
            setBigNumberMode(BIGNUMBER_POSIX);
        }
    }
}
