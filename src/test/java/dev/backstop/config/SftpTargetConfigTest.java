package dev.backstop.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.registry.Kinds;
import dev.backstop.target.sftp.SftpConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code type: sftp} as the README's Synology NAS section writes it: keys, defaults, relative paths, and how config check shows it. */
class SftpTargetConfigTest {

    static final Path FILE = Path.of("/etc/backstop/backstop.yml");

    static final String YAML = """
            sources:
              - {name: etc, type: files, paths: [/etc]}
            targets:
              - name: nas
                type: sftp
                host: nas.example.lan
                user: FSAdmin
                identity: id_ed25519
                known_hosts: /etc/backstop/known_hosts
                path: "/homes/FSAdmin/Backup/Server AskProAI"
                shell_path_prefix: /volume1
                passphrase_env: NAS_KEY_PASSPHRASE
                retention: { keep_daily: 14 }
            """;

    @Test
    void parse_readmeExample_fillsDefaults() throws Exception {
        // given the README's sftp target without port, verify, timeouts or retries
        // when
        SftpConfig nas = (SftpConfig) ConfigLoader.parse(YAML, FILE, Kinds.schema()).targets().get(0);

        // then
        assertThat(nas.host()).isEqualTo("nas.example.lan");
        assertThat(nas.port()).isEqualTo(22);
        assertThat(nas.user()).isEqualTo("FSAdmin");
        assertThat(nas.identity()).isEqualTo(Path.of("/etc/backstop/id_ed25519"));
        assertThat(nas.knownHosts()).isEqualTo(Path.of("/etc/backstop/known_hosts"));
        assertThat(nas.path()).isEqualTo("/homes/FSAdmin/Backup/Server AskProAI");
        assertThat(nas.verify()).isEqualTo(SftpConfig.Verify.AUTO);
        assertThat(nas.shellPathPrefix()).isEqualTo("/volume1");
        assertThat(nas.passphraseEnv()).isEqualTo("NAS_KEY_PASSPHRASE");
        assertThat(nas.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(nas.ioTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(nas.retries()).isEqualTo(5);
        assertThat(nas.retryBudget()).isEqualTo(Duration.ofMinutes(10));
        assertThat(nas.retention().keepDaily()).isEqualTo(14);
    }

    @Test
    void parse_explicitSettings_areKept() throws Exception {
        String yaml = YAML.replace("    retention: { keep_daily: 14 }\n", """
                    port: 2222
                    verify: read-back
                    connect_timeout: 5s
                    io_timeout: 1m
                    keepalive: 15s
                    retries: 0
                    retry_delay: 1s
                    retry_budget: 2m
                """);

        SftpConfig nas = (SftpConfig) ConfigLoader.parse(yaml, FILE, Kinds.schema()).targets().get(0);

        assertThat(nas.port()).isEqualTo(2222);
        assertThat(nas.verify()).isEqualTo(SftpConfig.Verify.READ_BACK);
        assertThat(nas.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(nas.ioTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(nas.keepalive()).isEqualTo(Duration.ofSeconds(15));
        assertThat(nas.retries()).isZero();
        assertThat(nas.retryDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(nas.retryBudget()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void render_sftpTarget_showsEveryKeyAndNoSecret() throws Exception {
        BackstopConfig config = ConfigLoader.parse(YAML, FILE, Kinds.schema());

        String text = ConfigPrinter.render(config, Kinds.schema(), Map.of("NAS_KEY_PASSPHRASE", "s3cret")::get);

        assertThat(text).contains("    type: sftp\n", "    host: nas.example.lan\n", "    port: 22\n",
                "    user: FSAdmin\n", "    identity: /etc/backstop/id_ed25519\n",
                "    passphrase_env: NAS_KEY_PASSPHRASE (set)\n", "    known_hosts: /etc/backstop/known_hosts\n",
                "    path: \"/homes/FSAdmin/Backup/Server AskProAI\"\n", "    verify: auto\n",
                "    shell_path_prefix: /volume1\n", "    retries: 5\n", "    retry_budget: 10m\n");
        assertThat(text).doesNotContain("s3cret");
        assertThat(ConfigLoader.parse(YAML, FILE, Kinds.schema())).isEqualTo(config);
    }
}
