package dev.backstop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ConfigException;
import dev.backstop.registry.Kinds;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code encryption:} and per-target {@code encrypt:}: parsing, validation and config check output. */
class EncryptionConfigTest {

    private static final Path FILE = Path.of("/etc/backstop/backstop.yml");
    private static final String ALICE = "age1qe53ph34mlgjhw42egp40u3uyu235rj4mwg93va3xy0t6pact9jsyrrn7d";
    private static final String BOB = "age1v35xptkm44xp07ltn5cm09dqe3qxmvheyp3qnzhpmfsez2zxe96sckg8p6";

    private static final String BASE = """
            host: web-1
            sources:
              - {name: www, type: files, paths: [/var/www]}
            targets:
              - {name: local, type: local, path: /srv/backups}
            """;

    @Test
    void parse_recipientsAndRelativeIdentity_givesConfigWithResolvedPath() throws Exception {
        // given
        String yaml = BASE + "encryption:\n  recipients: [" + ALICE + ", " + BOB + "]\n  identity_file: age-key.txt\n";

        // when
        BackstopConfig config = ConfigLoader.parse(yaml, FILE, Kinds.schema());

        // then
        assertThat(config.encrypted()).isTrue();
        assertThat(config.encryption()).isEqualTo(
                new EncryptionConfig(List.of(ALICE, BOB), Path.of("/etc/backstop/age-key.txt")));
        assertThat(ConfigPrinter.render(config, Kinds.schema(), name -> null)).contains("""
                encryption:
                  recipients:
                    - %s
                    - %s
                  identity_file: /etc/backstop/age-key.txt
                """.formatted(ALICE, BOB));
    }

    @Test
    void parse_withoutEncryption_storesInTheClear() throws Exception {
        BackstopConfig config = ConfigLoader.parse(BASE, FILE, Kinds.schema());

        assertThat(config.encrypted()).isFalse();
        assertThat(config.encryption()).isNull();
    }

    @Test
    void parse_withoutIdentityFile_isValidForABackupOnlyServer() throws Exception {
        BackstopConfig config = ConfigLoader.parse(BASE + "encryption: {recipients: [" + ALICE + "]}\n",
                FILE, Kinds.schema());

        assertThat(config.encryption().identityFile()).isNull();
    }

    @Test
    void parse_badRecipient_namesFileLineAndItem() {
        // given the secret key pasted where the public key belongs, on line 7
        String yaml = BASE + """
                encryption:
                  recipients:
                    - %s
                    - AGE-SECRET-KEY-1QQQQ
                """.formatted(ALICE);

        // when / then
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, FILE, Kinds.schema()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("/etc/backstop/backstop.yml:9:")
                .hasMessageContaining("encryption.recipients[1]: 'AGE-SECRET-KEY-1QQQQ' is not an age X25519 public key")
                .hasMessageContaining("identity_file");
    }

    @Test
    void parse_emptyOrMissingRecipients_isAProblem() {
        assertThatThrownBy(() -> ConfigLoader.parse(BASE + "encryption: {recipients: []}\n", FILE, Kinds.schema()))
                .hasMessageContaining("encryption.recipients: must list at least one age1... public key");
        assertThatThrownBy(() -> ConfigLoader.parse(BASE + "encryption: {identity_file: k.txt}\n", FILE,
                Kinds.schema()))
                .hasMessageContaining("encryption.recipients: required key is missing");
    }

    @Test
    void parse_encryptFalseOnOneTarget_storesThatOneInTheClear() throws Exception {
        // given
        String yaml = """
                host: web-1
                sources:
                  - {name: www, type: files, paths: [/var/www]}
                targets:
                  - {name: nas, type: local, path: /srv/nas}
                  - {name: local, type: local, path: /srv/backups, encrypt: false}
                encryption: {recipients: [%s]}
                """.formatted(ALICE);

        // when
        BackstopConfig config = ConfigLoader.parse(yaml, FILE, Kinds.schema());

        // then
        assertThat(config.encryption().clearTargets()).containsExactly("local");
        assertThat(config.encrypts("nas")).isTrue();
        assertThat(config.encrypts("local")).isFalse();
        assertThat(ConfigPrinter.render(config, Kinds.schema(), name -> null))
                .containsPattern("name: nas\n(    .*\n)*?    encrypt: true\n")
                .containsPattern("name: local\n(    .*\n)*?    encrypt: false  # stored in the clear\n");
    }

    @Test
    void parse_encryptNeitherTrueNorFalse_isAProblem() {
        String yaml = BASE.replace("path: /srv/backups}", "path: /srv/backups, encrypt: sometimes}")
                + "encryption: {recipients: [" + ALICE + "]}\n";

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, FILE, Kinds.schema()))
                .hasMessageContaining("targets[0].encrypt: must be true or false, not 'sometimes'");
    }

    @Test
    void parse_encryptTrueWithoutEncryptionSection_isAProblem() {
        String yaml = BASE.replace("path: /srv/backups}", "path: /srv/backups, encrypt: true}");

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, FILE, Kinds.schema()))
                .hasMessageContaining("targets[0].encrypt: encrypt: true needs a top-level encryption: section");
    }

    @Test
    void parse_encryptTrueWithEncryption_isAccepted() throws Exception {
        String yaml = BASE.replace("path: /srv/backups}", "path: /srv/backups, encrypt: true}")
                + "encryption: {recipients: [" + ALICE + "]}\n";

        assertThat(ConfigLoader.parse(yaml, FILE, Kinds.schema()).encrypted()).isTrue();
    }
}
