package dev.backstop.target.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.helpers.AbstractConnectionService;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;

/**
 * An in-process Apache MINA SSHD server on 127.0.0.1 whose SFTP subsystem misbehaves on demand:
 * it cuts the connection mid-upload or mid-read, stalls, fills up, refuses renames, loses or corrupts files.
 * Unlike MINA's default it does not fsync on close, so only the client's fsync@openssh.com
 * makes a file durable, and it counts those. The client key is made with ssh-keygen.
 */
final class FaultyServer implements AutoCloseable {

    /** What the next writes and closes do; tests set these fields. */
    volatile Fault fault = Fault.NONE;
    /** Only files whose name ends with this are touched by a fault. */
    volatile String faultySuffix = ".tar.gz";
    /** How many times the fault may strike; each cut uses one. */
    final AtomicInteger faultsLeft = new AtomicInteger(Integer.MAX_VALUE);
    final AtomicInteger fsyncs = new AtomicInteger();
    final AtomicInteger authAttempts = new AtomicInteger();
    final AtomicInteger cuts = new AtomicInteger();
    /** keepalive@openssh.com global requests received from clients. */
    final AtomicInteger keepalives = new AtomicInteger();
    /** The largest SFTP write request received, in bytes of data. */
    final AtomicInteger largestWrite = new AtomicInteger();
    /** An SFTP extension whose requests the server fails, as a server may that offers it and breaks. */
    volatile String failingExtension;
    /** SFTP extension requests received, by name, in order. */
    final List<String> extensions = new java.util.concurrent.CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    /** While set, every login waits in the server's key check until it is counted down. */
    volatile CountDownLatch holdLogins;

    final Path root;
    final Path clientKey;
    final KeyPair hostKey;
    final SshServer server;

    enum Fault { NONE, CUT_AT_HALF, CUT_ON_READ, STALL, DISK_FULL, REFUSE_RENAME, DELETE_AFTER_CLOSE, CORRUPT_AFTER_CLOSE }

    /** The size of the file whose upload a CUT_AT_HALF fault cuts at its middle. */
    volatile long faultyFileSize;
    /** Channels a connection may have open, like sshd_config's MaxSessions: a further one is refused, the connection stays. */
    volatile int maxChannels = Integer.MAX_VALUE;

    FaultyServer(Path dir) throws Exception {
        root = Files.createDirectories(dir.resolve("server-root"));
        clientKey = dir.resolve("id_ed25519");
        keygen(clientKey);
        PublicKey allowed = PublicKeyEntry.parsePublicKeyEntry(Files.readString(dir.resolve("id_ed25519.pub")).strip())
                .resolvePublicKey(null, null, null);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        hostKey = g.generateKeyPair();

        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> {
            authAttempts.incrementAndGet();
            CountDownLatch hold = holdLogins;
            if (hold != null) {
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return KeyUtils.compareKeys(allowed, key);
        });
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        // counts keepalives, then lets MINA's own handler answer them
        List<RequestHandler<ConnectionService>> handlers = new java.util.ArrayList<>();
        handlers.add((service, request, wantReply, buffer) -> {
            if ("keepalive@openssh.com".equals(request)) {
                keepalives.incrementAndGet();
            }
            return RequestHandler.Result.Unsupported;
        });
        handlers.addAll(server.getGlobalRequestHandlers() == null ? ServerBuilder.DEFAULT_GLOBAL_REQUEST_HANDLERS
                : server.getGlobalRequestHandlers());
        server.setGlobalRequestHandlers(handlers);
        org.apache.sshd.common.PropertyResolverUtils.updateProperty(server,
                SftpFileSystemAccessor.PROP_AUTO_SYNC_FILE_ON_CLOSE, false);
        SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder().withFileSystemAccessor(new Accessor()).build();
        sftp.addSftpEventListener(new Listener());
        server.setSubsystemFactories(List.of(sftp));
        List<ChannelFactory> channels = new java.util.ArrayList<>();
        for (ChannelFactory f : server.getChannelFactories()) {
            channels.add(!f.getName().equals("session") ? f : new ChannelFactory() {
                @Override
                public String getName() {
                    return f.getName();
                }

                @Override
                public org.apache.sshd.common.channel.Channel createChannel(Session session) throws IOException {
                    int open = ((AbstractConnectionService) session.getService(ConnectionService.class)).getChannels().size();
                    return open >= maxChannels ? null : f.createChannel(session);
                }
            });
        }
        server.setChannelFactories(channels);
        server.start();
    }

    static void keygen(Path key) throws Exception {
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    int port() {
        return server.getPort();
    }

    /** A known_hosts line pinning this server's key. */
    String knownHostsLine() {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    SftpConfig config(Path knownHosts, Duration ioTimeout, int retries) {
        SftpConfig c = TestSshd.config("nas", "127.0.0.1", port(), "backup", "Backup/Server AskProAI", clientKey,
                knownHosts, SftpConfig.Verify.READ_BACK);
        return new SftpConfig(c.name(), c.host(), c.port(), c.user(), c.identity(), null, null, c.knownHosts(),
                c.path(), c.verify(), null, Duration.ofSeconds(5), ioTimeout, Duration.ofSeconds(2), retries,
                Duration.ofMillis(20), Duration.ofSeconds(30), c.retention());
    }

    private boolean strikes(Path file) {
        return file.getFileName().toString().endsWith(faultySuffix) && faultsLeft.getAndDecrement() > 0;
    }

    private final class Listener implements SftpEventListener {
        @Override
        public void receivedExtension(ServerSession session, String extension, int id) throws IOException {
            extensions.add(extension);
            if (extension.equals(failingExtension)) {
                throw new IOException(extension + " failed by the test server");
            }
        }

        @Override
        public void reading(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                            int dataOffset, int dataLen) throws IOException {
            if (fault == Fault.CUT_ON_READ && strikes(localHandle.getFile())) {
                cuts.incrementAndGet();
                session.close(true);
                throw new IOException("connection cut by the test server");
            }
        }

        @Override
        public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                            int dataOffset, int dataLen) throws IOException {
            largestWrite.accumulateAndGet(dataLen, Math::max);
            Path file = localHandle.getFile();
            if (!file.getFileName().toString().endsWith(faultySuffix)) {
                return;
            }
            switch (fault) {
                case CUT_AT_HALF -> {
                    if (offset + dataLen > faultyFileSize / 2 && strikes(file)) {
                        cuts.incrementAndGet();
                        session.close(true);
                        throw new IOException("connection cut by the test server");
                    }
                }
                case STALL -> {
                    try {
                        release.await(5, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                // what an SFTP v3 server can say about ENOSPC: a bare "Failure" status
                case DISK_FULL -> throw new IOException("No space left on device");
                default -> {
                }
            }
        }
    }

    private final class Accessor implements SftpFileSystemAccessor {
        @Override
        public void syncFileData(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
                                 Channel channel) throws IOException {
            fsyncs.incrementAndGet();
            SftpFileSystemAccessor.super.syncFileData(subsystem, fileHandle, file, handle, channel);
        }

        @Override
        public void closeFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
                              Channel channel, Set<? extends OpenOption> options) throws IOException {
            SftpFileSystemAccessor.super.closeFile(subsystem, fileHandle, file, handle, channel, options);
            if (fault == Fault.DELETE_AFTER_CLOSE && strikes(file)) {
                Files.delete(file);
            } else if (fault == Fault.CORRUPT_AFTER_CLOSE && strikes(file)) {
                byte[] bytes = Files.readAllBytes(file);
                bytes[bytes.length / 2] ^= 0x01;
                Files.write(file, bytes);
            }
        }

        @Override
        public void renameFile(SftpSubsystemProxy subsystem, Path oldPath, Path newPath, Collection<CopyOption> opts)
                throws IOException {
            if (fault == Fault.REFUSE_RENAME && oldPath.toString().contains(".partial")) {
                throw new java.nio.file.AccessDeniedException(oldPath.toString(), newPath.toString(), "refused by the test server");
            }
            SftpFileSystemAccessor.super.renameFile(subsystem, oldPath, newPath, opts);
        }
    }

    @Override
    public void close() throws IOException {
        release.countDown();
        server.stop(true);
    }

}
