package dev.backstop.target.sftp;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * Strict host key checking against an OpenSSH known_hosts file (hashed entries and
 * {@code [host]:port} included): a key not listed, or different from the one listed, is refused
 * during the key exchange, before any authentication, and nothing is ever added to the file.
 * MINA's client would accept every key by default; this verifier replaces that.
 */
final class PinnedHostKeys implements ServerKeyVerifier {

    private final Path knownHosts;
    private final String targetName;
    private final KnownHostsServerKeyVerifier inner;
    private volatile String refusal;

    PinnedHostKeys(Path knownHosts, String targetName) {
        this.knownHosts = knownHosts;
        this.targetName = targetName;
        ServerKeyVerifier unknown = (session, address, key) -> {
            refusal = unknownMessage(session, key);
            return false;
        };
        this.inner = new KnownHostsServerKeyVerifier(unknown, knownHosts) {
            @Override
            protected void handleRevokedKey(ClientSession session, SocketAddress address, PublicKey key) {
                refusal = "the host key of " + where(session) + " (" + describe(key) + ") is marked @revoked in "
                        + knownHosts + "; it is refused";
            }

            @Override
            protected boolean acceptIncompleteHostKeys(ClientSession session, SocketAddress address, PublicKey key,
                                                       Throwable reason) {
                refusal = "cannot read " + knownHosts + ": " + reason.getMessage() + "; the host key of "
                        + where(session) + " (" + describe(key) + ") cannot be checked, so it is refused";
                return false;
            }
        };
        inner.setModifiedServerKeyAcceptor((session, address, entry, expected, actual) -> {
            refusal = changedMessage(session, entry, expected, actual);
            return false;
        });
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress address, PublicKey key) {
        refusal = null;
        boolean ok = inner.verifyServerKey(session, address, key);
        if (!ok && refusal == null) {
            refusal = "the host key of " + where(session) + " (" + describe(key) + ") was refused by " + knownHosts;
        }
        return ok;
    }

    /** Why the last key was refused, or null when none was. */
    String refusal() {
        return refusal;
    }

    /** {@code ssh-ed25519 SHA256:...}. */
    static String describe(PublicKey key) {
        return KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    private static String where(ClientSession session) {
        SocketAddress a = session.getConnectAddress();
        return a == null ? "the server" : a.toString().replaceFirst("^/", "");
    }

    private String unknownMessage(ClientSession session, PublicKey key) {
        return "the host key of " + where(session) + " is unknown: " + knownHosts + " pins no key for it (pinned: none),"
                + " the server offers " + describe(key) + ". Nothing was sent. Check this fingerprint against the"
                + " server's own (on the server: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then add the line"
                + " that 'backstop hostkey --target " + targetName + "' prints to " + knownHosts;
    }

    private String changedMessage(ClientSession session, KnownHostEntry entry, PublicKey expected, PublicKey actual) {
        return "the host key of " + where(session) + " has CHANGED: " + knownHosts + " pins " + describe(expected)
                + ", the server offers " + describe(actual) + ". Nothing was sent. Someone may be intercepting the"
                + " connection, or the server was reinstalled; if the change is expected, replace the line for this"
                + " host in " + knownHosts + " with the one 'backstop hostkey --target " + targetName + "' prints";
    }
}
