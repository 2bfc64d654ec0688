package dev.backstop.target.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the SFTP target says on the wire, seen from an in-process server: keepalives while the
 * connection idles (a long dump must not lose it), and posix-rename@openssh.com where offered.
 */
class SftpProtocolTest {

    @TempDir
    Path dir;

    @TempDir
    Path stateDir;

    FaultyServer server;
    SftpTarget target;

    @BeforeEach
    void start() throws Exception {
        server = new FaultyServer(dir);
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");
        // keepalive every 2 s (FaultyServer.config), an I/O timeout far longer than the idle wait
        target = new SftpTarget(server.config(knownHosts, Duration.ofSeconds(30), 0), stateDir);
    }

    @AfterEach
    void stop() throws Exception {
        target.close();
        server.close();
    }

    @Test
    void connection_offeredEveryCipher_choosesAesGcm() throws Exception {
        // when the client connects to a server that offers MINA's whole default list (ChaCha20-Poly1305 first)
        target.makeDirectories("");

        // then both directions run on AES-GCM, which the JDK computes with the processor's AES instructions
        var session = server.server.getActiveSessions().get(0);
        assertThat(session.getNegotiatedKexParameter(org.apache.sshd.common.kex.KexProposalOption.C2SENC))
                .startsWith("aes").contains("-gcm");
        assertThat(session.getNegotiatedKexParameter(org.apache.sshd.common.kex.KexProposalOption.S2CENC))
                .startsWith("aes").contains("-gcm");
    }

    @Test
    void connection_idleWhileADumpRuns_sendsKeepalivesAndStaysUsable() throws Exception {
        // given a connection in use
        target.makeDirectories("");
        int before = server.keepalives.get();

        // when it idles for longer than two keepalive intervals
        Thread.sleep(5_500);

        // then the server heard keepalives, and the same connection still works
        assertThat(server.keepalives.get() - before).as("keepalive@openssh.com requests during 5.5 s idle")
                .isGreaterThanOrEqualTo(2);
        target.write("after-idle", new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)));
        assertThat(target.stat("after-idle")).isPresent();
    }

    @Test
    void rename_serverOffersPosixRename_usesIt() throws Exception {
        // given a file, on a server whose SFTP subsystem offers posix-rename@openssh.com
        target.makeDirectories("");
        target.write("from", new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)));

        // when
        target.rename("from", "to");

        // then the rename went out as the extension, and happened
        assertThat(server.extensions).contains("posix-rename@openssh.com");
        assertThat(target.stat("to")).isPresent();
        assertThat(target.stat("from")).isEmpty();
    }

    @Test
    void write_serverStatesItsLimits_sendsRequestsThatLargeAndTheFileArrivesWhole() throws Exception {
        // given 3 MiB of data, for a server that states its limits (limits@openssh.com), like OpenSSH
        byte[] data = new byte[3 << 20];
        new java.util.Random(8).nextBytes(data);
        target.makeDirectories("");

        // when
        target.write("big", new ByteArrayInputStream(data));

        // then the client asked for the limits and wrote in requests above the 32 KiB every server takes
        assertThat(server.extensions).contains("limits@openssh.com");
        assertThat(server.largestWrite.get()).isGreaterThan(SftpLimits.SAFE).isLessThanOrEqualTo(SftpLimits.MAXIMUM);
        assertThat(server.root.resolve("Backup/Server AskProAI/big")).hasBinaryContent(data);
        try (var in = target.read("big")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void write_serverFailsTheLimitsRequest_writesIn32KiBRequestsAndTheFileArrivesWhole() throws Exception {
        // given a server that offers limits@openssh.com but fails it
        server.failingExtension = "limits@openssh.com";
        byte[] data = new byte[1 << 20];
        new java.util.Random(9).nextBytes(data);
        target.makeDirectories("");

        // when
        target.write("big", new ByteArrayInputStream(data));

        // then the upload fell back to the request size every server takes
        assertThat(server.extensions).contains("limits@openssh.com");
        assertThat(server.largestWrite.get()).isEqualTo(SftpLimits.SAFE);
        try (var in = target.read("big")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void lengthWithin_statedLimits_keptBetweenWhatEveryServerTakesAndTheCap() {
        assertThat(SftpLimits.lengthWithin(0)).as("no stated limit").isEqualTo(SftpLimits.SAFE);
        assertThat(SftpLimits.lengthWithin(4096)).isEqualTo(SftpLimits.SAFE);
        assertThat(SftpLimits.lengthWithin(255 * 1024)).isEqualTo(255 * 1024);
        assertThat(SftpLimits.lengthWithin(1L << 40)).isEqualTo(SftpLimits.MAXIMUM);
    }
}
