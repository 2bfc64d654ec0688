package dev.backstop.target.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.TargetException;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of client key that ssh-keygen makes logs in to the real sshd; an encrypted one with its passphrase. */
@RequiresService(Services.Sshd.class)
class SftpKeysTest {

    @TempDir
    Path stateDir;

    private SftpConfig config(String key, String passphraseEnv, Path passphraseFile) {
        SftpConfig c = TestSshd.config("nas", TestSshd.USER, TestSshd.PATH, TestSshd.key(key), TestSshd.KNOWN_HOSTS,
                SftpConfig.Verify.READ_BACK);
        return new SftpConfig(c.name(), c.host(), c.port(), c.user(), c.identity(), passphraseEnv, passphraseFile,
                c.knownHosts(), c.path(), c.verify(), null, c.connectTimeout(), c.ioTimeout(), c.keepalive(), c.retries(),
                c.retryDelay(), c.retryBudget(), c.retention());
    }

    @ParameterizedTest
    @ValueSource(strings = {"id_ed25519", "id_rsa", "id_ecdsa"})
    void preflight_keyType_logsIn(String key) throws Exception {
        try (SftpTarget target = new SftpTarget(config(key, null, null), stateDir)) {
            assertThat(target.preflight(1)).isPositive();
        }
    }

    @Test
    void preflight_encryptedKeyWithPassphraseFromEnvironment_logsIn() throws Exception {
        try (SftpTarget target = new SftpTarget(config("id_ed25519_enc", "NAS_KEY_PASSPHRASE", null), stateDir,
                Map.of("NAS_KEY_PASSPHRASE", TestSshd.PASSPHRASE)::get)) {
            assertThat(target.preflight(1)).isPositive();
        }
    }

    @Test
    void preflight_encryptedKeyWithPassphraseFile_logsIn() throws Exception {
        try (SftpTarget target = new SftpTarget(config("id_ed25519_enc", null, TestSshd.key("id_ed25519_enc.pass")),
                stateDir)) {
            assertThat(target.preflight(1)).isPositive();
        }
    }

    @Test
    void preflight_encryptedKeyWithoutPassphrase_failsNamingTheFix() {
        try (SftpTarget target = new SftpTarget(config("id_ed25519_enc", null, null), stateDir)) {
            assertThatThrownBy(() -> target.preflight(1)).isInstanceOf(TargetException.class)
                    .hasMessageContaining("id_ed25519_enc").hasMessageContaining("passphrase_env");
        }
    }

    @Test
    void preflight_passphraseVariableUnset_failsNamingIt() {
        try (SftpTarget target = new SftpTarget(config("id_ed25519_enc", "NAS_KEY_PASSPHRASE", null), stateDir,
                Map.<String, String>of()::get)) {
            assertThatThrownBy(() -> target.preflight(1)).isInstanceOf(TargetException.class)
                    .hasMessageContaining("NAS_KEY_PASSPHRASE").hasMessageContaining("not set");
        }
    }

    @Test
    void preflight_wrongPassphrase_fails() throws Exception {
        Path wrong = Files.writeString(stateDir.resolve("pass"), "wrong\n");
        Files.setPosixFilePermissions(wrong, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        try (SftpTarget target = new SftpTarget(config("id_ed25519_enc", null, wrong), stateDir)) {
            assertThatThrownBy(() -> target.preflight(1)).isInstanceOf(TargetException.class)
                    .hasMessageContaining("cannot load the private key");
        }
    }
}
