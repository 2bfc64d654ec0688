package dev.backstop.source.files;

import dev.backstop.core.ByteSize;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Streams one regular file into the tar in constant memory. The header is written only once
 * the file is open, so a file that vanished leaves no entry. The entry always holds exactly
 * the size its header announced: a file that shrank is padded with zeros, one that grew is
 * cut, and either is reported, so a file that changes can never corrupt the archive.
 */
final class FileContent {

    // 1 MiB: reads of 64 KiB from a sparse 8 GiB file are ten times slower here
    private static final int BUFFER = 1 << 20;

    /** What happened: the file vanished before it was opened, or was stored (maybe changed). */
    record Outcome(boolean vanished, String changeReason) {
    }

    /** Reading the file failed; distinct from a failure to write the archive. */
    static final class ReadFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ReadFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private final TarArchiveOutputStream tar;
    private final FilesSource.BeforeOpen beforeOpen;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);

    FileContent(TarArchiveOutputStream tar, FilesSource.BeforeOpen beforeOpen) {
        this.tar = tar;
        this.beforeOpen = beforeOpen;
    }

    /**
     * @param entry header with the size seen when the file was listed
     * @param mtime modification time seen when the file was listed
     * @throws ReadFailure the file could not be opened or read (permission denied, I/O error)
     * @throws IOException writing the archive failed
     */
    Outcome write(Path file, TarArchiveEntry entry, FileTime mtime) throws ReadFailure, IOException {
        FileChannel channel;
        try {
            beforeOpen.accept(file);
            // NOFOLLOW: a file swapped for a symlink since it was listed is refused, not followed
            channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return new Outcome(true, null);
        } catch (IOException e) {
            throw new ReadFailure(e);
        }
        try (channel) {
            long announced = entry.getSize();
            tar.putArchiveEntry(entry);
            long copied = copy(channel, announced);
            boolean grew = copied == announced && readsMore(channel);
            if (copied < announced) {
                zeros(announced - copied);
            }
            tar.closeArchiveEntry();
            if (copied < announced) {
                return new Outcome(false, shrank(channel, announced, copied));
            }
            if (grew) {
                return new Outcome(false, "grew while read; stored its first " + announced + " bytes");
            }
            return new Outcome(false, changedSince(file, announced, mtime));
        }
    }

    private long copy(FileChannel channel, long announced) throws ReadFailure, IOException {
        long copied = 0;
        while (copied < announced) {
            buffer.clear();
            buffer.limit((int) Math.min(BUFFER, announced - copied));
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException e) {
                throw new ReadFailure(e);
            }
            if (n < 0) {
                break;
            }
            tar.write(buffer.array(), 0, n);
            copied += n;
        }
        return copied;
    }

    private boolean readsMore(FileChannel channel) throws ReadFailure {
        buffer.clear();
        buffer.limit(1);
        try {
            return channel.read(buffer) > 0;
        } catch (IOException e) {
            throw new ReadFailure(e);
        }
    }

    private void zeros(long count) throws IOException {
        byte[] zero = new byte[(int) Math.min(BUFFER, count)];
        for (long left = count; left > 0; left -= zero.length) {
            tar.write(zero, 0, (int) Math.min(zero.length, left));
        }
    }

    /**
     * A log rotated with copytruncate meets this: the reader reaches the end early, and the
     * stored copy is the old size with zeros where the content was gone.
     */
    private static String shrank(FileChannel channel, long announced, long copied) {
        long now;
        try {
            now = channel.size();
        } catch (IOException e) {
            now = copied;
        }
        return "shrank from " + ByteSize.human(announced) + " to " + ByteSize.human(now) + " while read; stored "
                + ByteSize.human(announced) + ", zero-padded after byte " + copied;
    }

    /** Same size but rewritten in place shows only in the modification time. */
    private static String changedSince(Path file, long announced, FileTime mtime) {
        BasicFileAttributes after;
        try {
            after = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return "deleted or replaced while read; stored as read";
        }
        if (after.size() != announced || !after.lastModifiedTime().equals(mtime)) {
            return "modified while read (size " + announced + " -> " + after.size() + " bytes, mtime "
                    + mtime + " -> " + after.lastModifiedTime() + "); the stored copy may mix old and new content";
        }
        return null;
    }
}
