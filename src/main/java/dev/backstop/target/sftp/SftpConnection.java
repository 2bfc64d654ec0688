package dev.backstop.target.sftp;

import dev.backstop.target.TransientIOException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * The one SSH connection of an SFTP target, opened on first use and reused for the whole run;
 * after a transport failure {@link #reset} drops it and the next call connects again. Keys
 * only (never a password, never a prompt, never ~/.ssh or an agent), the host key checked
 * against the pinned known_hosts before authentication, keepalives on an idle connection.
 *
 * <p>Threads share the connection but never an SFTP channel: MINA's {@link SftpClient} sends its
 * requests through one channel stream that takes one write at a time (a second thread's request
 * fails with WritePendingException), so each caller {@link #acquire acquires} a channel of its
 * own and releases it after. One thread alone keeps reusing one channel; while a run's lane
 * uploads on one thread and verifies on the other, the second channel lives for one call, so
 * that no more channels are open at once than one SFTP channel and a remote hash needed before.
 * A server that refuses a further channel (sshd_config's MaxSessions) makes the threads take turns.
 */
final class SftpConnection implements Closeable {

    private final SftpConfig config;
    private final Function<String, String> env;
    private final PinnedHostKeys hostKeys;
    private SshClient client;
    private ClientSession session;
    /** An open SFTP channel of {@link #session} that no caller holds, or null. */
    private SftpClient spare;
    /** Channels that callers acquired and have not released yet. */
    private int held;
    private List<KeyPair> identities;
    /** True while {@link #openAhead}'s thread connects; its failure waits in {@link #aheadFailure} for {@link #open}. */
    private boolean connectingAhead;
    private IOException aheadFailure;
    private boolean closed;

    SftpConnection(SftpConfig config, Function<String, String> env) {
        this.config = config;
        this.env = env;
        this.hostKeys = new PinnedHostKeys(config.knownHosts(), config.name());
    }

    /**
     * Connects unless a live connection exists, opening its first SFTP channel. A connection
     * started {@link #openAhead ahead} is waited for; its failure is this call's.
     */
    synchronized void open() throws IOException {
        while (connectingAhead) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while connecting to " + config.address());
            }
        }
        if (aheadFailure != null) {
            IOException failure = aheadFailure;
            aheadFailure = null;
            throw failure;
        }
        if (session == null || !session.isOpen()) {
            connect();
        }
    }

    /**
     * Starts connecting on a thread of its own and returns: the key exchange and login then run
     * while the caller does other work, and the first {@link #open} takes the connection or its
     * failure. Nothing when a connection exists or is being made.
     *
     * @param worthTrying run first on that thread (loading the key takes a good part of a second,
     *                    mostly the crypto provider's start), never throws: false leaves the
     *                    connection to {@link #open}, whose caller reports why
     */
    synchronized void openAhead(BooleanSupplier worthTrying) {
        if (closed || connectingAhead || session != null) {
            return;
        }
        connectingAhead = true;
        Thread connecting = new Thread(() -> {
            Dialed dialed = null;
            IOException failure = null;
            try {
                if (worthTrying.getAsBoolean()) { // else no connection and no failure: open() connects
                    SshClient c;
                    synchronized (this) {
                        c = client();
                    }
                    // the handshake runs without the lock, so that a waiting open() stays interruptible
                    dialed = dial(c, identities());
                }
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new TransientIOException("cannot connect to " + config.address() + ": " + e, e);
            }
            synchronized (this) {
                if (closed) {
                    closeQuietly(dialed == null ? null : dialed.session());
                } else if (dialed != null) {
                    session = dialed.session();
                    spare = dialed.sftp();
                } else {
                    aheadFailure = failure;
                }
                connectingAhead = false;
                notifyAll();
            }
        }, "connect " + config.name());
        connecting.setDaemon(true);
        connecting.start();
    }

    /**
     * An SFTP channel of the live connection for the caller alone, until it {@link #release}s it;
     * connects first when there is none. Waits while the server refuses a further channel and
     * another caller holds one.
     */
    synchronized SftpClient acquire() throws IOException {
        while (true) {
            open();
            SftpClient c = spare;
            spare = null;
            if (c != null && c.isOpen()) {
                held++;
                return c;
            }
            ClientSession s = session;
            try {
                c = SftpClientFactory.instance().createSftpClient(s);
                held++;
                return c;
            } catch (IOException | RuntimeException e) {
                if (!s.isOpen() || held == 0) {
                    throw channelFailed(s, e);
                }
            }
            try {
                // the connection lives and takes no further channel: wait for another caller's
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for an SFTP channel to "
                        + config.address());
            }
        }
    }

    /** Takes back a channel from {@link #acquire}: kept for the next caller when no other holds one. Null is ignored. */
    synchronized void release(SftpClient sftp) {
        if (sftp == null) {
            return;
        }
        held--;
        if (sftp.isOpen() && sftp.getClientSession() == session && held == 0 && spare == null) {
            spare = sftp;
        } else {
            closeQuietly(sftp);
        }
        notifyAll();
    }

    /** The SSH session of a live connection, for commands run in the server's shell. */
    synchronized ClientSession session() throws IOException {
        open();
        return session;
    }

    /**
     * Drops the connection that {@code failed} ran on, after a transport failure, unless another
     * thread's failure replaced it already: that thread's new connection is left alone.
     */
    synchronized void reset(SftpClient failed) {
        if (failed == null || failed.getClientSession() == session) {
            reset();
        } else {
            closeQuietly(failed);
        }
    }

    /** {@link #reset(SftpClient)} for a failure of a command that ran on {@code failed}. */
    synchronized void reset(ClientSession failed) {
        if (failed == session) {
            reset();
        }
    }

    /** Drops the connection; the next call connects again. Idempotent. */
    synchronized void reset() {
        closeQuietly(spare);
        spare = null;
        // closing the session closes the channels that callers still hold: their next request fails as transient
        closeQuietly(session);
        session = null;
    }

    @Override
    public synchronized void close() {
        closed = true; // a connection still being made ahead is dropped when it is made
        reset();
        if (client != null) {
            client.stop();
            closeQuietly(client);
            client = null;
        }
    }

    private void connect() throws IOException {
        reset();
        Dialed dialed = dial(client(), identities());
        spare = dialed.sftp();
        session = dialed.session();
    }

    /** A connection made, logged in, with its first SFTP channel open. */
    private record Dialed(ClientSession session, SftpClient sftp) {
    }

    /** Connects with {@code c}, checks the host key, logs in with {@code keys} and opens an SFTP channel. */
    private Dialed dial(SshClient c, List<KeyPair> keys) throws IOException {
        String address = config.address();
        ClientSession s;
        try {
            s = c.connect(config.user(), config.host(), config.port()).verify(config.connectTimeout()).getSession();
        } catch (IOException | RuntimeException e) {
            if (hostKeys.refusal() != null) {
                throw new RefusedException(hostKeys.refusal(), e);
            }
            throw new TransientIOException("cannot connect to " + address + ": " + SftpErrors.describe(e), e);
        }
        try {
            keys.forEach(s::addPublicKeyIdentity);
            s.auth().verify(config.connectTimeout());
        } catch (IOException | RuntimeException e) {
            closeQuietly(s);
            String refusal = hostKeys.refusal();
            if (refusal != null) {
                throw new RefusedException(refusal, e);
            }
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("authentication") || m.contains("no more auth")) {
                throw new RefusedException("the server " + address + " refused the key " + config.identity()
                        + " for user " + config.user() + ": its public key must be in that user's authorized_keys"
                        + " on the server (" + SftpErrors.describe(e) + ")", e);
            }
            throw new TransientIOException("connection to " + address + " failed before login completed: "
                    + SftpErrors.describe(e), e);
        }
        try {
            return new Dialed(s, SftpClientFactory.instance().createSftpClient(s));
        } catch (IOException | RuntimeException e) {
            throw channelFailed(s, e);
        }
    }

    /** Why an SFTP channel could not be opened on {@code s}; drops that connection, so that a retry starts afresh. */
    private IOException channelFailed(ClientSession s, Exception e) {
        closeQuietly(s);
        if (s == session) {
            reset();
        }
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (!s.isOpen() && !m.contains("subsystem")) {
            return new TransientIOException("connection to " + config.address() + " lost while starting SFTP: "
                    + SftpErrors.describe(e), e);
        }
        return new RefusedException("the server " + config.address() + " logged " + config.user() + " in but refused"
                + " the SFTP subsystem (" + SftpErrors.describe(e) + "). SFTP is off by default on a Synology NAS:"
                + " enable it in Control Panel > File Services > FTP > SFTP; on OpenSSH, sshd_config needs a"
                + " 'Subsystem sftp' line", e);
    }

    private SshClient client() {
        if (client == null) {
            client = SshClients.start(config, hostKeys);
        }
        return client;
    }

    /**
     * The configured private key, decrypted with its passphrase when it has one; loaded once.
     * Needs no network, so that preflight and {@code config check} load it before connecting.
     */
    synchronized List<KeyPair> identities() throws IOException {
        if (identities != null) {
            return identities;
        }
        Path file = config.identity();
        String passphrase = passphrase();
        List<KeyPair> keys = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            FilePasswordProvider password = passphrase == null ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(passphrase);
            Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in, password);
            if (loaded != null) {
                loaded.forEach(keys::add);
            }
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new RefusedException("cannot load the private key " + file + ": " + SftpErrors.describe(e)
                    + (passphrase == null ? " (if it is encrypted, give its passphrase by passphrase_env or"
                    + " passphrase_file)" : " (is the passphrase right?)"), e);
        }
        if (keys.isEmpty()) {
            throw new RefusedException("no private key found in " + file + " (expected an OpenSSH or PEM private key)", null);
        }
        identities = keys;
        return keys;
    }

    private String passphrase() throws IOException {
        if (config.passphraseEnv() != null) {
            String value = env.apply(config.passphraseEnv());
            if (value == null || value.isEmpty()) {
                throw new RefusedException("the environment variable " + config.passphraseEnv() + " (passphrase_env of"
                        + " target " + config.name() + ") is not set or empty", null);
            }
            return value;
        }
        if (config.passphraseFile() != null) {
            String text = Files.readString(config.passphraseFile(), StandardCharsets.UTF_8);
            // one line, as written by echo or an editor
            return text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        }
        return null;
    }

    Duration ioTimeout() {
        return config.ioTimeout();
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException | RuntimeException ignored) {
                // dropping a connection that already failed
            }
        }
    }
}
