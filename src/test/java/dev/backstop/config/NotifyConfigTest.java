package dev.backstop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ConfigException;
import dev.backstop.registry.Kinds;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code notify:} and per-source {@code anomaly:}: parsing, defaults, and masking in config check. */
class NotifyConfigTest {

    private static final Path FILE = Path.of("/etc/backstop/backstop.yml");

    private static final String BASE = """
            host: web-1
            sources:
              - name: appdb
                type: sqlite
                path: app.db
                anomaly: {max_shrink: 50%}
              - name: www
                type: files
                paths: [/var/www]
            targets:
              - {name: local, type: local, path: /srv/backups}
            anomaly: {window: 5, max_shrink: 20%, max_growth: 80%}
            """;

    @Test
    void parse_emailAndWebhook_givesRecordsWithDefaults() throws Exception {
        // given
        String yaml = BASE + """
                notify:
                  - type: email
                    smtp: {host: smtp.example.com, starttls: true, user: backup@example.com, password_env: SMTP_PASSWORD}
                    to: [ops@example.com]
                  - type: webhook
                    url: https://hooks.example/backstop/T0K3N
                    pings: {start: "https://hc-ping.example/uuid/start", success: "https://hc-ping.example/uuid", fail: "https://hc-ping.example/uuid/fail"}
                    on: [failure, anomaly]
                    timeout: 5s
                """;

        // when
        BackstopConfig config = ConfigLoader.parse(yaml, FILE, Kinds.schema());

        // then
        NotifyConfig.Email email = (NotifyConfig.Email) config.notifiers().get(0);
        assertThat(email.smtp()).isEqualTo(new NotifyConfig.Smtp("smtp.example.com", 587, NotifyConfig.Security.STARTTLS,
                "backup@example.com", "SMTP_PASSWORD", null, null));
        assertThat(email.from()).isEqualTo("backstop@web-1");
        assertThat(email.on()).isEqualTo(EnumSet.of(NotifyConfig.Event.FAILURE, NotifyConfig.Event.ANOMALY,
                NotifyConfig.Event.RECOVERY));
        assertThat(email.timeout()).isEqualTo(Duration.ofSeconds(10));
        NotifyConfig.Webhook hook = (NotifyConfig.Webhook) config.notifiers().get(1);
        assertThat(hook.url()).isEqualTo(URI.create("https://hooks.example/backstop/T0K3N"));
        assertThat(hook.pings().fail()).isEqualTo(URI.create("https://hc-ping.example/uuid/fail"));
        assertThat(hook.on()).isEqualTo(Set.of(NotifyConfig.Event.FAILURE, NotifyConfig.Event.ANOMALY));
        assertThat(hook.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void parse_sourceWithOwnThresholds_overridesOnlyWhatItSets() throws Exception {
        // given / when
        BackstopConfig config = ConfigLoader.parse(BASE, FILE, Kinds.schema());

        // then
        assertThat(config.anomalyFor("appdb")).isEqualTo(new AnomalyConfig(5, 50, 80));
        assertThat(config.anomalyFor("www")).isEqualTo(new AnomalyConfig(5, 20, 80));
    }

    @Test
    void parse_sourceAnomalyWithWindow_isRefusedWithThePlaceOfWindow() {
        // given
        String yaml = BASE.replace("anomaly: {max_shrink: 50%}", "anomaly: {window: 3}");

        // when / then
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, FILE, Kinds.schema())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sources[0].anomaly.window: unknown key");
    }

    @Test
    void parse_emailWithPasswordTwiceAndBothTlsModes_reportsEveryProblem() {
        // given
        String yaml = BASE + """
                notify:
                  - type: email
                    smtp: {host: smtp.example.com, starttls: true, tls: true, password_env: "hunter 2", password_file: /etc/pw}
                    to: [not-an-address]
                """;

        // when / then
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, FILE, Kinds.schema())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("notify[0].smtp.tls: choose one of starttls")
                .hasMessageContaining("notify[0].smtp.password_env: is not the name of an environment variable")
                .hasMessageContaining("notify[0].smtp.password_file: give the password once")
                .hasMessageContaining("notify[0].smtp.user: required key is missing")
                .hasMessageContaining("'not-an-address' is not an e-mail address")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter 2"));
    }

    @Test
    void render_notifiers_printsNoPasswordAndNoUrlPath() throws Exception {
        // given a configuration whose password variable is set
        BackstopConfig config = ConfigLoader.parse(BASE + """
                notify:
                  - type: email
                    smtp: {host: smtp.example.com, tls: true, user: backup@example.com, password_env: SMTP_PASSWORD}
                    to: [ops@example.com]
                  - type: webhook
                    url: https://hooks.example/backstop/T0K3N
                """, FILE, Kinds.schema());

        // when
        String text = ConfigPrinter.render(config, Kinds.schema(), Map.of("SMTP_PASSWORD", "s3cr3t-value")::get);

        // then
        assertThat(text).contains("    password_env: SMTP_PASSWORD (set)")
                .contains("      port: 465")
                .contains("      security: tls")
                .contains("      tls_trust_file: (not set: the JVM's trust store)")
                .contains("    url: https://hooks.example/*** (path hidden: it may hold a token)")
                .contains("    on: [success, failure, anomaly, recovery]")
                .doesNotContain("s3cr3t-value")
                .doesNotContain("T0K3N");
    }

    @Test
    void parse_tlsTrustFileRelative_isResolvedBesideTheConfigAndPrinted() throws Exception {
        // given
        String yaml = BASE + """
                notify:
                  - type: email
                    smtp: {host: mail.internal, tls: true, tls_trust_file: smtp-ca.pem}
                    to: [ops@example.com]
                """;

        // when
        BackstopConfig config = ConfigLoader.parse(yaml, FILE, Kinds.schema());

        // then
        NotifyConfig.Email email = (NotifyConfig.Email) config.notifiers().get(0);
        assertThat(email.smtp().tlsTrustFile()).isEqualTo(Path.of("/etc/backstop/smtp-ca.pem"));
        assertThat(ConfigPrinter.render(config, Kinds.schema(), k -> null)).contains("      tls_trust_file: /etc/backstop/smtp-ca.pem");
    }

    @Test
    void parse_tlsTrustFileWithoutTls_isRefusedNamingTheFix() {
        // given a plain SMTP server with a trust file that would never be used
        String yaml = BASE + """
                notify:
                  - type: email
                    smtp: {host: localhost, tls_trust_file: /etc/backstop/smtp-ca.pem}
                    to: [ops@example.com]
                """;

        // when / then
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, FILE, Kinds.schema())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("notify[0].smtp.tls_trust_file: is only used with TLS;"
                        + " add starttls: true (port 587) or tls: true (port 465)");
    }
}
