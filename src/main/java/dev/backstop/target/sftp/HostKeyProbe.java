package dev.backstop.target.sftp;

import dev.backstop.core.TargetException;
import java.io.IOException;
import java.nio.file.Files;
import java.security.PublicKey;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Fetches the host key an SFTP target's server offers, so that a person can compare its
 * fingerprint and pin it in known_hosts. It accepts nothing: the key exchange is broken off
 * before any authentication, and no file is written.
 */
public final class HostKeyProbe {

    /** How the offered key stands against the configured known_hosts. */
    public enum Pinned { YES, NO, CHANGED }

    /**
     * The key a server offered.
     *
     * @param address {@code host:port} as configured
     * @param pinned  whether the target's known_hosts already pins exactly this key
     * @param detail  why not, when it does not
     */
    public record Offered(String address, String knownHostsLine, String type, String fingerprint, Pinned pinned,
                          String detail) {
    }

    private HostKeyProbe() {
    }

    /**
     * Connects to the target's server, records its host key and disconnects.
     *
     * @throws TargetException the server could not be reached or offered no key; the message says why
     */
    public static Offered fetch(SftpConfig config) throws TargetException {
        AtomicReference<PublicKey> offered = new AtomicReference<>();
        AtomicReference<String> refusal = new AtomicReference<>();
        PinnedHostKeys pinned = Files.isRegularFile(config.knownHosts())
                ? new PinnedHostKeys(config.knownHosts(), config.name()) : null;
        SshClient client = SshClient.setUpDefaultClient();
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setServerKeyVerifier((ClientSession session, java.net.SocketAddress address, PublicKey key) -> {
            offered.set(key);
            if (pinned != null && !pinned.verifyServerKey(session, address, key)) {
                refusal.set(pinned.refusal());
            }
            return false;
        });
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, config.connectTimeout());
        CoreModuleProperties.AUTH_TIMEOUT.set(client, config.connectTimeout());
        String where = config.host() + ":" + config.port();
        client.start();
        try (ClientSession session = client.connect(config.user(), config.host(), config.port())
                .verify(config.connectTimeout()).getSession()) {
            session.auth().verify(config.connectTimeout());
        } catch (IOException | RuntimeException e) {
            if (offered.get() == null) {
                throw new TargetException("target '" + config.name() + "': no host key from " + where + ": "
                        + SftpErrors.describe(e), e);
            }
        } finally {
            client.stop();
        }
        PublicKey key = offered.get();
        if (key == null) {
            throw new TargetException("target '" + config.name() + "': " + where + " offered no host key");
        }
        String host = config.port() == 22 ? config.host() : "[" + config.host() + "]:" + config.port();
        String line = host + " " + PublicKeyEntry.toString(key);
        Pinned state;
        String detail;
        if (pinned == null) {
            state = Pinned.NO;
            detail = config.knownHosts() + " does not exist yet";
        } else if (refusal.get() == null) {
            state = Pinned.YES;
            detail = "pinned in " + config.knownHosts();
        } else {
            state = refusal.get().contains("CHANGED") ? Pinned.CHANGED : Pinned.NO;
            detail = refusal.get();
        }
        return new Offered(where, line, KeyUtils.getKeyType(key), KeyUtils.getFingerPrint(BuiltinDigests.sha256, key),
                state, detail);
    }
}
