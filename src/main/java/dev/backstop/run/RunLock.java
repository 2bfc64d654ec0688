package dev.backstop.run;

import dev.backstop.core.LockedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The run lock: an OS file lock on {@code state_dir/backstop.lock}. The kernel releases it when
 * the process dies, however it dies, so a lock is never stale and holding it proves that no
 * other backstop is at work on this state directory.
 */
public final class RunLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock at once or fails; never waits.
     *
     * @throws LockedException another process holds it; nothing was changed
     */
    public static RunLock acquire(Path lockFile) throws LockedException, IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = readHolder(lockFile);
            channel.close();
            throw new LockedException("another backstop run holds the lock " + lockFile
                    + (holder.isEmpty() ? "" : " (" + holder + ")") + "; nothing was touched");
        }
        try {
            Files.setPosixFilePermissions(lockFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the lock still works
        }
        // who holds it, for the message of the next one; informational only, the lock decides
        channel.truncate(0);
        channel.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
                .getBytes(StandardCharsets.US_ASCII)), 0);
        return new RunLock(channel, lock);
    }

    private static String readHolder(Path lockFile) {
        try {
            return Files.readString(lockFile, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
