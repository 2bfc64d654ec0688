package dev.backstop.target.sftp;

import dev.backstop.config.TargetConfig;
import dev.backstop.core.Sha256;
import dev.backstop.core.TargetException;
import dev.backstop.target.FileInfo;
import dev.backstop.target.Target;
import dev.backstop.target.TargetPaths;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.Attributes;
import org.apache.sshd.sftp.client.SftpClient.CloseableHandle;
import org.apache.sshd.sftp.client.SftpClient.DirEntry;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHFsyncExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.client.impl.SftpOutputStreamAsync;

/**
 * A {@link Target} on an SFTP server: {@code type: sftp}. Paths are below the configured
 * {@code path} as the SFTP server shows it. Files are written 0600 and directories 0700, made
 * durable with fsync@openssh.com where the server offers it, renamed with
 * posix-rename@openssh.com where offered. Transport failures surface as
 * {@link dev.backstop.target.TransientIOException}; {@link dev.backstop.target.RetryingTarget}
 * retries them and resumes uploads through {@link #writeFrom}.
 */
public final class SftpTarget implements Target {

    static final int CHUNK = 32 * 1024;
    /** Files up to this size may serve to prove the remote hash against a read-back (verify: auto). */
    static final long PROOF_MAX_BYTES = 16L << 20;
    /** The slowest hashing speed assumed of a NAS when waiting for sha256sum. */
    private static final long HASH_BYTES_PER_SECOND = 10L << 20;

    private final TargetConfig.Sftp config;
    private final String root;
    private final SftpConnection connection;
    private final RemoteHashProof proof;
    private final SftpPreflight preflight;
    private boolean proofFailedThisRun;

    /** A target for {@code config}; nothing connects until the first call. */
    public SftpTarget(TargetConfig.Sftp config, Path stateDir) {
        this(config, stateDir, System::getenv);
    }

    SftpTarget(TargetConfig.Sftp config, Path stateDir, Function<String, String> env) {
        this.config = config;
        String p = config.path();
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        this.root = p;
        this.connection = new SftpConnection(config, env);
        this.proof = new RemoteHashProof(stateDir, config);
        this.preflight = new SftpPreflight(this, config, connection);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String type() {
        return "sftp";
    }

    /** The proof file that lets {@code verify: auto} use the remote hash. */
    public Path remoteHashProofFile() {
        return proof.file();
    }

    @Override
    public long preflight(long expectedBytes) throws TargetException {
        return preflight.run(expectedBytes);
    }

    /** The server-side path of a target path. */
    String remote(String path) {
        TargetPaths.check(path);
        if (path.isEmpty()) {
            return root;
        }
        return root.equals("/") ? "/" + path : root + "/" + path;
    }

    private SftpClient sftp() throws IOException {
        return connection.sftp();
    }

    @Override
    public void makeDirectories(String dir) throws IOException {
        String remote = remote(dir);
        try {
            ensureDirectory(sftp(), remote);
        } catch (IOException e) {
            throw SftpErrors.map(e, "creating directory " + remote, connection);
        }
    }

    private void ensureDirectory(SftpClient sftp, String remote) throws IOException {
        Optional<Attributes> a = lstat(sftp, remote);
        if (a.isPresent()) {
            if (!a.get().isDirectory()) {
                throw new NotDirectoryException(remote);
            }
            return;
        }
        int slash = remote.lastIndexOf('/');
        if (slash > 0) {
            ensureDirectory(sftp, remote.substring(0, slash));
        }
        try {
            sftp.mkdir(remote);
            sftp.setStat(remote, new Attributes().perms(0700));
        } catch (IOException e) {
            if (lstat(sftp, remote).map(Attributes::isDirectory).orElse(false)) {
                return;
            }
            throw e;
        }
    }

    private static Optional<Attributes> lstat(SftpClient sftp, String remote) throws IOException {
        try {
            return Optional.of(sftp.lstat(remote));
        } catch (IOException e) {
            if (SftpErrors.isMissing(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public long write(String path, InputStream in) throws IOException {
        return upload(TargetPaths.checkNotRoot(path), in, 0);
    }

    @Override
    public long writeFrom(String path, InputStream in, long offset) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        return upload(TargetPaths.checkNotRoot(path), in, offset);
    }

    private long upload(String path, InputStream in, long offset) throws IOException {
        String remote = remote(path);
        try {
            SftpClient sftp = sftp();
            boolean fresh = offset == 0;
            if (fresh && lstat(sftp, remote).isPresent()) {
                sftp.remove(remote);
            }
            EnumSet<OpenMode> modes = fresh ? EnumSet.of(OpenMode.Write, OpenMode.Create, OpenMode.Exclusive)
                    : EnumSet.of(OpenMode.Write);
            try (CloseableHandle handle = sftp.open(remote, modes)) {
                if (fresh) {
                    sftp.setStat(handle, new Attributes().perms(0600));
                }
                long written = copy(sftp, remote, handle, in, offset);
                fsync(sftp, handle);
                long end = offset + written;
                if (!fresh && sftp.stat(handle).getSize() > end) {
                    sftp.setStat(handle, new Attributes().size(end));
                }
                return written;
            }
        } catch (SourceFailure f) {
            if (f.getCause() instanceof InterruptedIOException) {
                // waits inside MINA while closing the stream cleared the flag; the caller must still see it
                connection.reset();
                Thread.currentThread().interrupt();
            }
            throw f.getCause();
        } catch (IOException e) {
            throw SftpErrors.map(e, "writing " + remote, connection);
        }
    }

    /** Pipelined writes from {@code offset}; a failure of the caller's stream stays the caller's. */
    private static long copy(SftpClient sftp, String remote, CloseableHandle handle, InputStream in, long offset)
            throws IOException {
        byte[] buffer = new byte[CHUNK];
        long written = 0;
        try (SftpOutputStreamAsync out = new SftpOutputStreamAsync((AbstractSftpClient) sftp, CHUNK, remote, handle, false)) {
            out.setOffset(offset);
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    throw new SourceFailure(e);
                }
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                written += n;
            }
        }
        return written;
    }

    private static void fsync(SftpClient sftp, CloseableHandle handle) throws IOException {
        OpenSSHFsyncExtension fsync = sftp.getExtension(OpenSSHFsyncExtension.class);
        if (fsync != null && fsync.isSupported()) {
            fsync.fsync(handle);
        }
        // without the extension the server's close is all there is; the verification re-reads what it kept
    }

    /** Wraps a failure of the stream being uploaded, so it is not taken for a transport failure. */
    private static final class SourceFailure extends IOException {
        SourceFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    @Override
    public InputStream read(String path) throws IOException {
        String remote = remote(TargetPaths.checkNotRoot(path));
        InputStream in;
        try {
            in = sftp().read(remote, CHUNK);
        } catch (IOException e) {
            throw SftpErrors.map(e, remote, connection);
        }
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    throw SftpErrors.map(e, "reading " + remote, connection);
                }
            }

            @Override
            public long skip(long n) throws IOException {
                try {
                    return super.skip(n);
                } catch (IOException e) {
                    throw SftpErrors.map(e, "reading " + remote, connection);
                }
            }

            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } catch (IOException e) {
                    // the bytes were read or the read failed already; a failed close changes neither
                }
            }
        };
    }

    @Override
    public Optional<FileInfo> stat(String path) throws IOException {
        String remote = remote(path);
        try {
            return lstat(sftp(), remote).map(a -> info(path, a));
        } catch (IOException e) {
            throw SftpErrors.map(e, "stat of " + remote, connection);
        }
    }

    private static FileInfo info(String path, Attributes a) {
        String last = path.isEmpty() ? "" : path.substring(path.lastIndexOf('/') + 1);
        Instant modified = a.getModifyTime() == null ? null : a.getModifyTime().toInstant();
        return new FileInfo(last, a.isDirectory(), a.isDirectory() ? 0 : a.getSize(), modified);
    }

    @Override
    public List<FileInfo> list(String dir) throws IOException {
        String remote = remote(dir);
        try {
            SftpClient sftp = sftp();
            Optional<Attributes> a = lstat(sftp, remote);
            if (a.isEmpty()) {
                return List.of();
            }
            if (!a.get().isDirectory()) {
                throw new NotDirectoryException(remote);
            }
            List<FileInfo> entries = new ArrayList<>();
            for (DirEntry e : entries(sftp, remote)) {
                entries.add(info(e.getFilename(), e.getAttributes()));
            }
            entries.sort(Comparator.comparing(FileInfo::name));
            return entries;
        } catch (IOException e) {
            throw SftpErrors.map(e, "listing " + remote, connection);
        }
    }

    private static List<DirEntry> entries(SftpClient sftp, String remote) throws IOException {
        List<DirEntry> out = new ArrayList<>();
        try (CloseableHandle handle = sftp.openDir(remote)) {
            for (List<DirEntry> batch; (batch = sftp.readDir(handle)) != null; ) {
                for (DirEntry e : batch) {
                    if (!e.getFilename().equals(".") && !e.getFilename().equals("..")) {
                        out.add(e);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void rename(String from, String to) throws IOException {
        String source = remote(TargetPaths.checkNotRoot(from));
        String destination = remote(TargetPaths.checkNotRoot(to));
        try {
            SftpClient sftp = sftp();
            // posix-rename is rename(2), which replaces a file or an empty directory; the run lock makes this check enough
            if (lstat(sftp, destination).isPresent()) {
                throw new FileAlreadyExistsException(destination, null, "rename refused: the destination exists");
            }
            OpenSSHPosixRenameExtension posix = sftp.getExtension(OpenSSHPosixRenameExtension.class);
            if (posix != null && posix.isSupported()) {
                posix.posixRename(source, destination);
            } else {
                sftp.rename(source, destination);
            }
        } catch (IOException e) {
            throw SftpErrors.map(e, "renaming " + source + " to " + destination, connection);
        }
    }

    @Override
    public void delete(String path) throws IOException {
        String remote = remote(TargetPaths.checkNotRoot(path));
        try {
            SftpClient sftp = sftp();
            Optional<Attributes> a = lstat(sftp, remote);
            if (a.isPresent()) {
                deleteTree(sftp, remote, a.get());
            }
        } catch (IOException e) {
            throw SftpErrors.map(e, "deleting " + remote, connection);
        }
    }

    /** Depth first; a symbolic link is removed itself, never followed. */
    private static void deleteTree(SftpClient sftp, String remote, Attributes a) throws IOException {
        if (a.isDirectory() && !a.isSymbolicLink()) {
            for (DirEntry e : entries(sftp, remote)) {
                deleteTree(sftp, remote + "/" + e.getFilename(), e.getAttributes());
            }
            sftp.rmdir(remote);
        } else {
            sftp.remove(remote);
        }
    }

    @Override
    public void syncDirectory(String dir) {
        TargetPaths.check(dir);
        // SFTP has no directory fsync; the server's file system orders its renames itself
    }

    @Override
    public Optional<String> storageSha256(String path) throws IOException {
        String checked = TargetPaths.checkNotRoot(path);
        switch (config.verify()) {
            case READ_BACK:
                return Optional.empty();
            case REMOTE_HASH:
                return Optional.of(remoteHash(checked));
            default:
                if (proof.holds()) {
                    try {
                        return Optional.of(remoteHash(checked));
                    } catch (IOException e) {
                        throw new IOException(e.getMessage() + " (verify: auto trusts the remote hash on this target since "
                                + proof.file() + " recorded it; set verify: read-back, or remove that file)", e);
                    }
                }
                tryToProve(checked);
                return Optional.empty();
        }
    }

    private String remoteHash(String path) throws IOException {
        String remote = remote(path);
        long size = stat(path).map(FileInfo::size).orElse(0L);
        Duration timeout = connection.ioTimeout().plusSeconds(size / HASH_BYTES_PER_SECOND);
        try {
            return RemoteHash.run(connection.session(), RemoteHash.shellPath(config.shellPathPrefix(), remote), timeout);
        } catch (IOException e) {
            throw SftpErrors.map(e, "remote hash of " + remote, connection);
        }
    }

    /** verify: auto: once, a small file's remote hash against its read-back; equal ones are recorded. */
    private void tryToProve(String path) throws IOException {
        if (proofFailedThisRun || stat(path).map(FileInfo::size).orElse(Long.MAX_VALUE) > PROOF_MAX_BYTES) {
            return;
        }
        String reported;
        try {
            reported = remoteHash(path);
        } catch (dev.backstop.target.TransientIOException e) {
            throw e;
        } catch (IOException e) {
            // no shell, no sha256sum: this target stays with read-back
            proofFailedThisRun = true;
            return;
        }
        String readBack;
        try (InputStream in = read(path)) {
            readBack = Sha256.of(in);
        }
        if (Sha256.matches(readBack, reported)) {
            proof.record(path + " sha256 " + readBack, Instant.now());
        } else {
            proofFailedThisRun = true;
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
