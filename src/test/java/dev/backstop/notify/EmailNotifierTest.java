package dev.backstop.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.backstop.config.NotifyConfig;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The e-mail notifier against GreenMail, an SMTP server in this JVM with a login. */
class EmailNotifierTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("backup@example.com", "s3cr3t"));

    @TempDir
    Path dir;

    private static NotifyConfig.Email config(int port, String passwordEnv, Path passwordFile) {
        return new NotifyConfig.Email(new NotifyConfig.Smtp("127.0.0.1", port, NotifyConfig.Security.NONE,
                "backup@example.com", passwordEnv, passwordFile, null), "backstop@web-1", List.of("ops@example.com"),
                EnumSet.of(NotifyConfig.Event.FAILURE, NotifyConfig.Event.ANOMALY), Duration.ofSeconds(10));
    }

    @Test
    void finished_anomalyRun_sendsOneLineSubjectAndFindingsWithBothValues() throws Exception {
        // given
        EmailNotifier notifier = new EmailNotifier(config(SMTP.getSmtp().getPort(), "SMTP_PASSWORD", null),
                Map.of("SMTP_PASSWORD", "s3cr3t")::get);

        // when
        Optional<String> sent = notifier.finished(Notices.anomaly(), Duration.ofSeconds(10));

        // then
        assertThat(sent).get().asString().contains("accepted by SMTP server 127.0.0.1:");
        MimeMessage[] mails = SMTP.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getSubject()).isEqualTo("backstop web-1: ANOMALY, backup 20251104T020001Z stored and verified,"
                + " but needs a human: 2 anomaly finding(s): appdb: bytes fell from 47.7 MiB (50000000 bytes) to 9.5 MiB"
                + " (10000000 bytes) (-80%, limit -20%); table sessions of appdb fell to 0 rows from 4211");
        assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
        String body = GreenMailUtil.getBody(mails[0]).replace("\r\n", "\n");
        Files.writeString(Path.of("target", "anomaly-mail.txt"), "Subject: " + mails[0].getSubject() + "\n\n" + body);
        assertThat(body).startsWith(mails[0].getSubject() + "\n\n")
                .contains("Run:       20251104T020001Z on web-1, exit code 7, outcome anomaly")
                .contains("Stored:    12.4 MiB (13000000 bytes) in 2 component(s)")
                .contains("  appdb: bytes fell from 47.7 MiB (50000000 bytes) to 9.5 MiB (10000000 bytes) (-80%, limit -20%)")
                .contains("  table sessions of appdb fell to 0 rows from 4211")
                .contains("  local: committed, verified with read-back, at /var/backups/backstop/web-1/2025/11/04/20251104T020001Z")
                .contains("backstop accept 20251104T020001Z")
                .doesNotContain("s3cr3t");
    }

    @Test
    void finished_eventNotChosen_sendsNothing() throws Exception {
        // given a notifier for failure and anomaly only
        EmailNotifier notifier = new EmailNotifier(config(SMTP.getSmtp().getPort(), "SMTP_PASSWORD", null),
                Map.of("SMTP_PASSWORD", "s3cr3t")::get);

        // when / then
        assertThat(notifier.finished(Notices.success(), Duration.ofSeconds(10))).isEmpty();
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void finished_passwordFromPrivateFile_logsIn() throws Exception {
        // given
        Path file = dir.resolve("smtp-password");
        Files.writeString(file, "s3cr3t\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        // when
        new EmailNotifier(config(SMTP.getSmtp().getPort(), null, file), k -> null).finished(Notices.anomaly(),
                Duration.ofSeconds(10));

        // then
        assertThat(SMTP.getReceivedMessages()).hasSize(1);
    }

    @Test
    void finished_passwordFileReadableByOthers_isRefusedWithoutSending() throws Exception {
        // given
        Path file = dir.resolve("smtp-password");
        Files.writeString(file, "s3cr3t\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        // when / then
        assertThatThrownBy(() -> new EmailNotifier(config(SMTP.getSmtp().getPort(), null, file), k -> null)
                .finished(Notices.anomaly(), Duration.ofSeconds(10)))
                .isInstanceOf(NotifyException.class).hasMessageContaining("chmod 600 " + file)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void check_passwordFileReadableByOthersOrVariableUnset_errorsAsADeliveryWouldSayThem() throws Exception {
        // given
        Path file = dir.resolve("smtp-password");
        Files.writeString(file, "s3cr3t\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        EmailNotifier shared = new EmailNotifier(config(2525, null, file), k -> null);
        EmailNotifier unset = new EmailNotifier(config(2525, "SMTP_PASSWORD", null), k -> null);

        // when
        dev.backstop.core.Findings findings = new dev.backstop.core.Findings();
        shared.check(findings);
        unset.check(findings);

        // then
        assertThat(findings.errors()).hasSize(2);
        assertThat(findings.errors().get(0)).startsWith("notify: email to ops@example.com via 127.0.0.1:2525: ")
                .contains("password_file " + file + " has mode 0644").contains("chmod 600 " + file)
                .doesNotContain("s3cr3t");
        assertThat(findings.errors().get(1)).endsWith("the SMTP password variable SMTP_PASSWORD is not set in the"
                + " environment of backstop");
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void finished_wrongPassword_failsNamingTheServerNotThePassword() {
        // given
        EmailNotifier notifier = new EmailNotifier(config(SMTP.getSmtp().getPort(), "SMTP_PASSWORD", null),
                Map.of("SMTP_PASSWORD", "wrong-one")::get);

        // when / then
        assertThatThrownBy(() -> notifier.finished(Notices.anomaly(), Duration.ofSeconds(10)))
                .isInstanceOf(NotifyException.class).hasMessageStartingWith("SMTP server 127.0.0.1:")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-one"));
    }

    @Test
    void finished_deadServer_failsWithinTheTimeout() throws Exception {
        // given a port where nothing listens
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        EmailNotifier notifier = new EmailNotifier(config(dead, "SMTP_PASSWORD", null), Map.of("SMTP_PASSWORD", "x")::get);

        // when
        long start = System.nanoTime();
        assertThatThrownBy(() -> notifier.finished(Notices.anomaly(), Duration.ofSeconds(2)))
                .isInstanceOf(NotifyException.class).hasMessageContaining("127.0.0.1:" + dead);

        // then
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void finished_starttlsRequiredButNotOffered_refusesToSendThePasswordInClear() {
        // given GreenMail's plain SMTP, which offers no STARTTLS
        NotifyConfig.Email plain = config(SMTP.getSmtp().getPort(), "SMTP_PASSWORD", null);
        NotifyConfig.Email starttls = new NotifyConfig.Email(new NotifyConfig.Smtp("127.0.0.1", plain.smtp().port(),
                NotifyConfig.Security.STARTTLS, "backup@example.com", "SMTP_PASSWORD", null, null), plain.from(), plain.to(),
                plain.on(), plain.timeout());

        // when / then
        assertThatThrownBy(() -> new EmailNotifier(starttls, Map.of("SMTP_PASSWORD", "s3cr3t")::get)
                .finished(Notices.anomaly(), Duration.ofSeconds(10)))
                .isInstanceOf(NotifyException.class).hasMessageContaining("STARTTLS");
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }
}
