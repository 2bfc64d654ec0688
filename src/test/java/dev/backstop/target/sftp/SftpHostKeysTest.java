package dev.backstop.target.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.TargetException;
import dev.backstop.target.Backoff;
import dev.backstop.target.RetryingTarget;
import dev.backstop.target.Target;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who the client trusts: only a host key pinned in known_hosts (plain, hashed, [host]:port),
 * checked before the client authenticates; a refused host or client key fails at once, without
 * retries; a server that never answers fails by timeout.
 */
class SftpHostKeysTest {

    @TempDir
    Path dir;

    @TempDir
    Path stateDir;

    FaultyServer server;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    Target target;

    @BeforeEach
    void start() throws Exception {
        server = new FaultyServer(dir);
    }

    @AfterEach
    void stop() throws Exception {
        if (target != null) {
            target.close();
        }
        server.close();
    }

    Target target(Path knownHosts, Path identity) {
        var c = server.config(knownHosts, Duration.ofSeconds(5), 3);
        c = new SftpConfig(c.name(), c.host(), c.port(), c.user(), identity, null, null,
                c.knownHosts(), c.path(), c.verify(), null, Duration.ofSeconds(2), c.ioTimeout(), c.keepalive(),
                c.retries(), c.retryDelay(), c.retryBudget(), c.retention());
        target = new RetryingTarget(new SftpTarget(c, stateDir),
                new Backoff(3, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(20)), log::add);
        return target;
    }

    String serverFingerprint() {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, server.hostKey.getPublic());
    }

    @Test
    void preflight_pinnedKey_connects() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");

        assertThat(target(knownHosts, server.clientKey).preflight(1)).isNotZero();
    }

    @Test
    void preflight_hashedEntry_connects() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");
        Process p = new ProcessBuilder("ssh-keygen", "-H", "-f", knownHosts.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(knownHosts)).startsWith("|1|").doesNotContain("127.0.0.1");

        assertThat(target(knownHosts, server.clientKey).preflight(1)).isNotZero();
    }

    @Test
    void preflight_emptyKnownHosts_refusesTheServerBeforeAuthentication() throws Exception {
        // MINA's client accepts any host key unless told otherwise; this one must not
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");

        assertThatThrownBy(() -> target(knownHosts, server.clientKey).preflight(1))
                .isInstanceOf(TargetException.class).hasMessageContaining("unknown")
                .hasMessageContaining(serverFingerprint()).hasMessageContaining("pinned: none")
                .hasMessageContaining("backstop hostkey --target nas");

        assertThat(server.authAttempts).as("the client never offered its key").hasValue(0);
        assertThat(log).as("not retried").isEmpty();
    }

    @Test
    void preflight_changedHostKey_refusedNamingBothFingerprints() throws Exception {
        var other = anotherHostKey();
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"),
                "[127.0.0.1]:" + server.port() + " " + PublicKeyEntry.toString(other) + "\n");

        assertThatThrownBy(() -> target(knownHosts, server.clientKey).preflight(1))
                .isInstanceOf(TargetException.class).hasMessageContaining("CHANGED")
                .hasMessageContaining(KeyUtils.getFingerPrint(BuiltinDigests.sha256, other))
                .hasMessageContaining(serverFingerprint());

        assertThat(server.authAttempts).hasValue(0);
        assertThat(log).isEmpty();
    }

    @Test
    void preflight_keyPinnedForAnotherPort_isUnknownHere() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"),
                "[127.0.0.1]:1 " + PublicKeyEntry.toString(server.hostKey.getPublic()) + "\n");

        assertThatThrownBy(() -> target(knownHosts, server.clientKey).preflight(1))
                .isInstanceOf(TargetException.class).hasMessageContaining("unknown");
    }

    @Test
    void preflight_clientKeyNotAuthorized_failsOnceNamingTheKey() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");
        Path stranger = dir.resolve("stranger");
        FaultyServer.keygen(stranger);

        assertThatThrownBy(() -> target(knownHosts, stranger).preflight(1))
                .isInstanceOf(TargetException.class).hasMessageContaining("refused the key")
                .hasMessageContaining(stranger.toString()).hasMessageContaining("authorized_keys");

        assertThat(log).as("not retried").isEmpty();
    }

    @Test
    void preflight_identityReadableByOthers_isRefusedLikeSsh() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");
        Files.setPosixFilePermissions(server.clientKey, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> target(knownHosts, server.clientKey).preflight(1))
                .isInstanceOf(TargetException.class).hasMessageContaining("0644")
                .hasMessageContaining("chmod 600 " + server.clientKey);
    }

    @Test
    void preflight_missingKnownHosts_isRefused() {
        assertThatThrownBy(() -> target(dir.resolve("nope"), server.clientKey).preflight(1))
                .isInstanceOf(TargetException.class).hasMessageContaining("known_hosts")
                .hasMessageContaining("does not exist");
    }

    @Test
    void preflight_serverThatNeverSpeaks_timesOutAndRetriesWithoutHanging() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> held = acceptAndHold(silent);
            target = silentTarget(silent, knownHosts);
            long started = System.nanoTime();

            assertThatThrownBy(() -> target.preflight(1)).isInstanceOf(TargetException.class)
                    .hasMessageContaining("gave up");

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            assertThat(log).hasSize(2);
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void connectAhead_thenPreflight_logsInOnceOnTheConnectionMadeAhead() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");
        Target t = target(knownHosts, server.clientKey);

        t.connectAhead();
        awaitAuthAttempts(2); // one login asks twice: may this key log in, then the signed request

        assertThat(t.preflight(1)).isNotZero();
        assertThat(server.authAttempts).as("the preflight took the connection made ahead").hasValue(2);
    }

    @Test
    void connectAhead_changedHostKey_thePreflightRefusesItOnceAsWithoutIt() throws Exception {
        var other = anotherHostKey();
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"),
                "[127.0.0.1]:" + server.port() + " " + PublicKeyEntry.toString(other) + "\n");
        Target t = target(knownHosts, server.clientKey);

        t.connectAhead();

        assertThatThrownBy(() -> t.preflight(1)).isInstanceOf(TargetException.class).hasMessageContaining("CHANGED")
                .hasMessageContaining(serverFingerprint());
        assertThat(server.authAttempts).hasValue(0);
        assertThat(log).as("not retried").isEmpty();
    }

    @Test
    void connectAhead_identityReadableByOthers_neverOffersTheKey() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");
        Files.setPosixFilePermissions(server.clientKey, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Target t = target(knownHosts, server.clientKey);

        t.connectAhead();
        Thread.sleep(500); // a connection made ahead would have logged in by now

        assertThat(server.authAttempts).hasValue(0);
        assertThatThrownBy(() -> t.preflight(1)).isInstanceOf(TargetException.class).hasMessageContaining("0644");
    }

    @Test
    void connectAhead_targetClosedWhileItLogsIn_theConnectionMadeAheadIsClosedWhenItIsMade() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");
        server.holdLogins = new java.util.concurrent.CountDownLatch(1);
        Target t = target(knownHosts, server.clientKey);

        t.connectAhead();
        awaitAuthAttempts(1);
        t.close(); // the run ends (a failed source, say) while the login made ahead is under way
        server.holdLogins.countDown();

        for (int i = 0; i < 200 && !server.server.getActiveSessions().isEmpty(); i++) {
            Thread.sleep(25);
        }
        assertThat(server.authAttempts).as("the login went on").hasValueGreaterThanOrEqualTo(1);
        assertThat(server.server.getActiveSessions()).as("sessions left open on the server").isEmpty();
    }

    @Test
    void connectAhead_serverThatNeverSpeaks_isThePreflightsFirstAttempt() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> held = acceptAndHold(silent);
            target = silentTarget(silent, knownHosts);

            target.connectAhead();

            assertThatThrownBy(() -> target.preflight(1)).isInstanceOf(TargetException.class)
                    .hasMessageContaining("gave up");
            assertThat(held).as("connections: the one made ahead and the two retries").hasSize(3);
            assertThat(log).hasSize(2);
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /** A host key that is not the server's. */
    private static java.security.PublicKey anotherHostKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair().getPublic();
    }

    /** Accepts every connection to {@code silent} and never answers; the sockets, for the test to close. */
    private static List<Socket> acceptAndHold(ServerSocket silent) {
        List<Socket> held = Collections.synchronizedList(new ArrayList<>());
        new Thread(() -> {
            try {
                while (true) {
                    held.add(silent.accept());
                }
            } catch (java.io.IOException closed) {
                // the test is over
            }
        }).start();
        return held;
    }

    /** A target at {@code silent}'s port: 1 s timeouts, two retries. */
    private Target silentTarget(ServerSocket silent, Path knownHosts) {
        var c = server.config(knownHosts, Duration.ofSeconds(1), 2);
        c = new SftpConfig(c.name(), c.host(), silent.getLocalPort(), c.user(), c.identity(),
                null, null, c.knownHosts(), c.path(), c.verify(), null, Duration.ofSeconds(1), c.ioTimeout(),
                c.keepalive(), 2, c.retryDelay(), c.retryBudget(), c.retention());
        return new RetryingTarget(new SftpTarget(c, stateDir),
                new Backoff(2, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(20)), log::add);
    }

    private void awaitAuthAttempts(int n) throws InterruptedException {
        for (int i = 0; i < 200 && server.authAttempts.get() < n; i++) {
            Thread.sleep(25);
        }
    }
}
