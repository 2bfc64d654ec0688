package dev.backstop.target.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.Findings;
import dev.backstop.core.TargetException;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code config check} finds in an sftp target without connecting: key files, known_hosts
 * and the key itself, in the words of the run's preflight. The server named here does not exist.
 */
class SftpKindTest {

    private static final String WHERE = "target 'nas' (sftp) at backup@127.0.0.1:1 path 'backups': ";

    @TempDir
    Path dir;

    @Test
    void check_identityAndKnownHostsMissing_bothAsThePreflightSaysThem() {
        SftpConfig config = config(dir.resolve("id_ed25519"), dir.resolve("known_hosts"));

        Findings findings = check(config);

        assertThat(findings.errors()).containsExactly(
                WHERE + "identity " + dir.resolve("id_ed25519") + " does not exist",
                WHERE + "known_hosts " + dir.resolve("known_hosts") + " does not exist; it must pin the server's host"
                        + " key ('backstop hostkey --target nas' prints the line)");
        try (SftpTarget target = new SftpTarget(config, dir)) {
            assertThatThrownBy(() -> target.preflight(1)).isInstanceOf(TargetException.class)
                    .hasMessage(String.join("; ", findings.errors()));
        }
    }

    @Test
    void check_identityReadableByOthers_refusedLikeSsh() throws Exception {
        Path key = Files.writeString(dir.resolve("id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        Findings findings = check(config(key, knownHosts()));

        assertThat(findings.errors()).singleElement().asString()
                .startsWith(WHERE + "identity " + key + " has mode 0644").endsWith("chmod 600 " + key);
    }

    @Test
    void check_identityThatIsNoKey_errorFromLoadingIt() throws Exception {
        Path key = Files.writeString(dir.resolve("id_ed25519"), "not a key\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

        Findings findings = check(config(key, knownHosts()));

        assertThat(findings.errors()).singleElement().asString().startsWith(WHERE).contains(key.toString())
                .containsAnyOf("cannot load the private key", "no private key found");
    }

    @Test
    @RequiresService(Services.Sshd.class)
    void check_keyOfTheTestServer_nothingFound() {

        Findings findings = check(config(TestSshd.key("id_ed25519"), TestSshd.KNOWN_HOSTS));

        assertThat(findings.errors()).isEmpty();
    }

    private Path knownHosts() throws Exception {
        return Files.writeString(dir.resolve("known_hosts"), "");
    }

    private static Findings check(SftpConfig config) {
        Findings findings = new Findings();
        new SftpKind().check(config, findings);
        return findings;
    }

    private static SftpConfig config(Path identity, Path knownHosts) {
        return TestSshd.config("nas", "127.0.0.1", 1, "backup", "backups", identity, knownHosts,
                SftpConfig.Verify.READ_BACK);
    }
}
