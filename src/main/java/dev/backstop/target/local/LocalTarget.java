package dev.backstop.target.local;

import dev.backstop.core.ByteSize;
import dev.backstop.core.FileTrees;
import dev.backstop.core.Findings;
import dev.backstop.core.TargetException;
import dev.backstop.target.FileInfo;
import dev.backstop.target.Target;
import dev.backstop.target.TargetPaths;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/** A {@link Target} on a local file system: {@code type: local}. */
public final class LocalTarget implements Target {

    private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> DIR_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final String name;
    private final Path root;

    /** A target rooted at {@code config.path()}; nothing is touched until {@link #preflight} or a write. */
    public LocalTarget(LocalConfig config) {
        this.name = config.name();
        this.root = config.path().toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "local";
    }

    /** The root directory, absolute. */
    public Path root() {
        return root;
    }

    @Override
    public long preflight(long expectedBytes) throws TargetException {
        String where = where();
        try {
            Files.createDirectories(root, DIR_MODE);
        } catch (IOException e) {
            throw new TargetException(where + ": cannot create the directory: " + describe(e), e);
        }
        if (!Files.isDirectory(root)) {
            throw new TargetException(where + ": not a directory");
        }
        probe(where);
        long free;
        try {
            free = Files.getFileStore(root).getUsableSpace();
        } catch (IOException e) {
            throw new TargetException(where + ": cannot read free space: " + describe(e), e);
        }
        if (free < expectedBytes) {
            throw new TargetException(where + ": not enough free space: " + ByteSize.human(free) + " (" + free
                    + " bytes) free, the backup needs about " + ByteSize.human(expectedBytes) + " (" + expectedBytes + " bytes)");
        }
        return free;
    }

    /**
     * What {@link #preflight} would find, judged without trying it, for {@code config check}: the
     * root is a directory this user may write to, or can be created.
     */
    void check(Findings findings) {
        FileTrees.whyNotWritable(root).ifPresent(problem -> findings.error(where() + ": " + problem));
    }

    private String where() {
        return "target '" + name + "' (local) at " + root;
    }

    /** Writes, renames and deletes a small file, so that a read-only mount fails here, not mid-commit. */
    private void probe(String where) throws TargetException {
        String probe = ".backstop-probe-" + UUID.randomUUID();
        String moved = probe + ".renamed";
        try {
            write(probe, new ByteArrayInputStream("probe\n".getBytes(StandardCharsets.US_ASCII)));
            rename(probe, moved);
            delete(moved);
        } catch (IOException e) {
            throw new TargetException(where + ": not writable (probe write, rename, delete failed): " + describe(e), e);
        } finally {
            try {
                delete(probe);
                delete(moved);
            } catch (IOException ignored) {
                // the probe failed already and says why; a leftover probe file is harmless
            }
        }
    }

    @Override
    public void makeDirectories(String dir) throws IOException {
        Files.createDirectories(resolve(dir), DIR_MODE);
    }

    @Override
    public long write(String path, InputStream in) throws IOException {
        Path file = resolve(TargetPaths.checkNotRoot(path));
        // a fresh file, so the mode is set at creation and never a moment wider
        Files.deleteIfExists(file);
        long total = 0;
        try (FileChannel out = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), FILE_MODE)) {
            byte[] buffer = new byte[1 << 16];
            ByteBuffer wrapped = ByteBuffer.wrap(buffer);
            for (int n; (n = in.read(buffer)) >= 0; ) {
                wrapped.clear().limit(n);
                while (wrapped.hasRemaining()) {
                    out.write(wrapped);
                }
                total += n;
            }
            out.force(true);
        }
        return total;
    }

    @Override
    public boolean canStoreByLink(Path localFile) {
        try {
            return Files.getFileStore(localFile).equals(Files.getFileStore(root));
        } catch (IOException e) {
            return false; // the copy then says what is wrong
        }
    }

    @Override
    public boolean storeByLink(String path, Path localFile) throws IOException {
        Path file = resolve(TargetPaths.checkNotRoot(path));
        Files.deleteIfExists(file);
        try {
            Files.createLink(file, localFile);
        } catch (FileSystemException | UnsupportedOperationException e) {
            // another file system after all, or one without hard links: the caller copies
            return false;
        }
        // the mode is the inode's, shared with the spool file: stored files are 0600 whichever way they came
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        }
        return true;
    }

    @Override
    public InputStream read(String path) throws IOException {
        return Files.newInputStream(resolve(TargetPaths.checkNotRoot(path)));
    }

    @Override
    public Optional<FileInfo> stat(String path) throws IOException {
        Path p = resolve(path);
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String last = path.isEmpty() ? "" : path.substring(path.lastIndexOf('/') + 1);
            return Optional.of(new FileInfo(last, a.isDirectory(), a.isDirectory() ? 0 : a.size(), a.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<FileInfo> list(String dir) throws IOException {
        Path d = resolve(dir);
        if (!Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotDirectoryException(d.toString());
        }
        List<FileInfo> entries = new ArrayList<>();
        try (Stream<Path> children = Files.list(d)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                stat(TargetPaths.join(dir, child.getFileName().toString())).ifPresent(entries::add);
            }
        }
        entries.sort(Comparator.comparing(FileInfo::name));
        return entries;
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Path source = resolve(TargetPaths.checkNotRoot(from));
        Path destination = resolve(TargetPaths.checkNotRoot(to));
        // rename(2) would silently replace a file or an empty directory; the run lock makes this check sufficient
        if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(destination.toString(), null, "rename refused: the destination exists");
        }
        Files.move(source, destination, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void delete(String path) throws IOException {
        LocalTreeDeleter.delete(root, resolve(TargetPaths.checkNotRoot(path)));
    }

    @Override
    public void syncDirectory(String dir) throws IOException {
        // fsync on the directory itself makes its new and renamed entries survive a power cut
        try (FileChannel channel = FileChannel.open(resolve(dir), StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public void close() {
        // nothing held open between calls
    }

    private Path resolve(String path) {
        Path resolved = root.resolve(TargetPaths.check(path)).normalize();
        if (!resolved.startsWith(root)) {
            throw new IllegalArgumentException("target path escapes the target root: '" + path + "'");
        }
        return resolved;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass() == IOException.class ? message : e.getClass().getSimpleName() + ": " + message;
    }
}
