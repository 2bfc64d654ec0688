package dev.backstop.target.sftp;

import dev.backstop.core.Findings;
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
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient.Attributes;
import org.apache.sshd.sftp.client.SftpClient.CloseableHandle;
import org.apache.sshd.sftp.client.SftpClient.DirEntry;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;

/**
 * A {@link Target} on an SFTP server: {@code type: sftp}. Paths are below the configured
 * {@code path} as the SFTP server shows it. Files are written 0600 and directories 0700, made
 * durable with fsync@openssh.com where the server offers it, renamed with
 * posix-rename@openssh.com where offered. Transport failures surface as
 * {@link dev.backstop.target.TransientIOException}; {@link dev.backstop.target.RetryingTarget}
 * retries them and resumes uploads through {@link #writeFrom}.
 */
public final class SftpTarget implements Target {

    /** The slowest hashing speed assumed of a NAS when waiting for sha256sum. */
    private static final long HASH_BYTES_PER_SECOND = 10L << 20;

    private final SftpConfig config;
    private final String root;
    private final SftpConnection connection;
    private final RemoteHashProof proof;
    private final SftpPreflight preflight;
    private final SftpVerification verification;

    /** A target for {@code config}; nothing connects until the first call. */
    public SftpTarget(SftpConfig config, Path stateDir) {
        this(config, stateDir, System::getenv);
    }

    SftpTarget(SftpConfig config, Path stateDir, Function<String, String> env) {
        this.config = config;
        String p = config.path();
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        this.root = p;
        this.connection = new SftpConnection(config, env);
        this.proof = new RemoteHashProof(stateDir, config);
        this.preflight = new SftpPreflight(this, config, connection);
        this.verification = new SftpVerification(this, config.verify(), proof);
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

    /**
     * Connects ahead only when the key files pass the checks the preflight makes before it
     * connects; those run on the connecting thread too.
     */
    @Override
    public void connectAhead() {
        connection.openAhead(() -> {
            Findings offline = new Findings();
            try {
                SftpPreflight.check(config, connection, offline);
            } catch (RuntimeException e) {
                return false; // the preflight meets it again, and reports it
            }
            return !offline.hasErrors();
        });
    }

    /** The server-side path of a target path. */
    String remote(String path) {
        TargetPaths.check(path);
        if (path.isEmpty()) {
            return root;
        }
        return root.equals("/") ? "/" + path : root + "/" + path;
    }

    @FunctionalInterface
    private interface SftpCall<T> {
        T run(SftpClient sftp) throws IOException;
    }

    /**
     * Runs one operation on an SFTP channel that no other thread uses meanwhile, turning what MINA
     * throws into the Target contract's exceptions; a transport failure drops the connection the
     * operation ran on.
     */
    private <T> T call(String what, SftpCall<T> call) throws IOException {
        SftpClient sftp = null;
        try {
            sftp = connection.acquire();
            return call.run(sftp);
        } catch (SftpUpload.SourceFailure f) {
            // the stream being uploaded failed, not the server
            throw f;
        } catch (IOException e) {
            SftpClient failed = sftp;
            throw SftpErrors.map(e, what, () -> connection.reset(failed));
        } finally {
            connection.release(sftp);
        }
    }

    @Override
    public void makeDirectories(String dir) throws IOException {
        String remote = remote(dir);
        call("creating directory " + remote, sftp -> {
            ensureDirectory(sftp, remote);
            return null;
        });
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
            return call("writing " + remote, sftp -> {
                try {
                    return SftpUpload.upload(sftp, remote, in, offset);
                } catch (SftpUpload.SourceFailure f) {
                    if (f.getCause() instanceof InterruptedIOException) {
                        // waits inside MINA while closing the stream cleared the flag; the caller must still see it
                        connection.reset(sftp);
                        Thread.currentThread().interrupt();
                    }
                    throw f;
                }
            });
        } catch (SftpUpload.SourceFailure f) {
            throw f.getCause();
        }
    }

    @Override
    public InputStream read(String path) throws IOException {
        String remote = remote(TargetPaths.checkNotRoot(path));
        SftpClient sftp = null;
        InputStream in;
        try {
            sftp = connection.acquire();
            in = sftp.read(remote, SftpLimits.readLength(sftp));
        } catch (IOException e) {
            SftpClient failed = sftp;
            connection.release(sftp);
            throw SftpErrors.map(e, remote, () -> connection.reset(failed));
        }
        // the stream keeps the channel to itself until it is closed
        SftpClient channel = sftp;
        return new FilterInputStream(in) {
            private boolean released;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    throw SftpErrors.map(e, "reading " + remote, () -> connection.reset(channel));
                }
            }

            @Override
            public long skip(long n) throws IOException {
                try {
                    return super.skip(n);
                } catch (IOException e) {
                    throw SftpErrors.map(e, "reading " + remote, () -> connection.reset(channel));
                }
            }

            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } catch (IOException e) {
                    // the bytes were read or the read failed already; a failed close changes neither
                } finally {
                    if (!released) {
                        released = true;
                        connection.release(channel);
                    }
                }
            }
        };
    }

    @Override
    public Optional<FileInfo> stat(String path) throws IOException {
        String remote = remote(path);
        return call("stat of " + remote, sftp -> lstat(sftp, remote).map(a -> info(path, a)));
    }

    private static FileInfo info(String path, Attributes a) {
        String last = path.isEmpty() ? "" : path.substring(path.lastIndexOf('/') + 1);
        Instant modified = a.getModifyTime() == null ? null : a.getModifyTime().toInstant();
        return new FileInfo(last, a.isDirectory(), a.isDirectory() ? 0 : a.getSize(), modified);
    }

    @Override
    public List<FileInfo> list(String dir) throws IOException {
        String remote = remote(dir);
        return call("listing " + remote, sftp -> {
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
        });
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
        call("renaming " + source + " to " + destination, sftp -> {
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
            return null;
        });
    }

    @Override
    public void delete(String path) throws IOException {
        String remote = remote(TargetPaths.checkNotRoot(path));
        call("deleting " + remote, sftp -> {
            Optional<Attributes> a = lstat(sftp, remote);
            if (a.isPresent()) {
                deleteTree(sftp, remote, a.get());
            }
            return null;
        });
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
        return verification.storageSha256(TargetPaths.checkNotRoot(path));
    }

    /** The server's sha256sum of a stored file, as it answered. */
    String remoteHash(String path) throws IOException {
        String remote = remote(path);
        long size = stat(path).map(FileInfo::size).orElse(0L);
        Duration timeout = connection.ioTimeout().plusSeconds(size / HASH_BYTES_PER_SECOND);
        ClientSession session = null;
        try {
            session = connection.session();
            // an exec channel of its own: it runs beside the SFTP channels of other threads
            return RemoteHash.run(session, RemoteHash.shellPath(config.shellPathPrefix(), remote), size, timeout);
        } catch (IOException e) {
            ClientSession failed = session;
            throw SftpErrors.map(e, "remote hash of " + remote, () -> {
                if (failed == null) {
                    connection.reset();
                } else {
                    connection.reset(failed);
                }
            });
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
