package dev.backstop.target.sftp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.SftpModuleProperties;

/**
 * The SSH client of an SFTP target: what it trusts (the pinned host keys, the configured key
 * alone), how long it waits, which cipher it prefers and how it sends.
 */
final class SshClients {

    private SshClients() {
    }

    /** A started client for {@code config}, verifying the server by {@code hostKeys}. */
    static SshClient start(SftpConfig config, PinnedHostKeys hostKeys) {
        SshClient c = SshClient.setUpDefaultClient();
        c.setServerKeyVerifier(hostKeys);
        // nothing from ~/.ssh (config, keys) and no agent: only what the configuration names
        c.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        c.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        c.setAgentFactory(null);
        c.setCipherFactories(fastestCiphersFirst(c.getCipherFactories()));
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(c, config.connectTimeout());
        CoreModuleProperties.AUTH_TIMEOUT.set(c, config.connectTimeout());
        CoreModuleProperties.CHANNEL_OPEN_TIMEOUT.set(c, config.connectTimeout());
        SftpModuleProperties.SFTP_CHANNEL_OPEN_TIMEOUT.set(c, config.connectTimeout());
        // the wait for each SFTP answer: a server that stalls fails the call, it never hangs the run
        CoreModuleProperties.IDLE_TIMEOUT.set(c, config.ioTimeout());
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(c, config.keepalive());
        CoreModuleProperties.HEARTBEAT_REQUEST.set(c, "keepalive@openssh.com");
        CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(c, config.ioTimeout());
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(c, 3);
        CoreModuleProperties.SOCKET_KEEPALIVE.set(c, true);
        // SFTP asks and waits, in small packets: with Nagle's algorithm, a request sent behind one not
        // yet acknowledged waited for the server's delayed acknowledgement (40 ms on Linux), for each
        // small file written, directory made and remote hash (bench: 0.2 s of a 2.6 s increment)
        CoreModuleProperties.TCP_NODELAY.set(c, true);
        c.start();
        return c;
    }

    /**
     * The client's ciphers with AES-GCM moved to the front, the others in their order. The JDK runs
     * AES-GCM on the processor's AES and carry-less multiply instructions; MINA's first choice,
     * ChaCha20-Poly1305, is computed in plain Java at about a third of the speed, which made the
     * upload the slowest stage of a run. Servers without AES-GCM still get their usual choice.
     */
    static List<NamedFactory<Cipher>> fastestCiphersFirst(List<NamedFactory<Cipher>> ciphers) {
        List<NamedFactory<Cipher>> ordered = new ArrayList<>(ciphers);
        ordered.sort(Comparator.comparingInt(f -> f.getName().startsWith("aes") && f.getName().contains("-gcm") ? 0 : 1));
        return ordered;
    }
}
