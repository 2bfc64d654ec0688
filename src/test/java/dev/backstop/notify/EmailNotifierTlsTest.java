package dev.backstop.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.backstop.config.NotifyConfig;
import dev.backstop.core.EventLog;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The e-mail notifier over real TLS: GreenMail serving SMTPS on 127.0.0.1 with a certificate made here.
 * Only implicit TLS is exercised: GreenMail's SMTP server does not offer STARTTLS, so the STARTTLS
 * upgrade (which uses the same socket factory and the same identity check) is not tested against a
 * server; that STARTTLS is required is tested in {@link EmailNotifierTest}.
 */
class EmailNotifierTlsTest {

    private static final Function<String, String> ENV = Map.of("SMTP_PASSWORD", "s3cr3t")::get;

    @TempDir
    Path dir;

    private static NotifyConfig.Email config(int port, Path trustFile) {
        return new NotifyConfig.Email(new NotifyConfig.Smtp("127.0.0.1", port, NotifyConfig.Security.TLS,
                "backup@example.com", "SMTP_PASSWORD", null, trustFile), "backstop@web-1", List.of("ops@example.com"),
                EnumSet.of(NotifyConfig.Event.FAILURE, NotifyConfig.Event.ANOMALY), Duration.ofSeconds(5));
    }

    @Test
    void finished_smtpsWithTrustFileForTheServer_deliversTheAnomalyMail() throws Exception {
        // given a server whose certificate names 127.0.0.1, trusted through tls_trust_file
        TestCertificate cert = TestCertificate.create(dir, "loopback", "IP:127.0.0.1");
        try (SmtpsServer smtps = new SmtpsServer(cert, "backup@example.com", "s3cr3t")) {
            EmailNotifier notifier = new EmailNotifier(config(smtps.port(), cert.pem()), ENV);

            // when
            var sent = notifier.finished(Notices.anomaly(), Duration.ofSeconds(5));

            // then
            assertThat(sent).get().asString().isEqualTo("mail to ops@example.com accepted by SMTP server 127.0.0.1:"
                    + smtps.port());
            List<MimeMessage> mails = smtps.received();
            assertThat(mails).hasSize(1);
            assertThat(mails.get(0).getSubject()).startsWith("backstop web-1: ANOMALY, backup 20251104T020001Z");
            assertThat(mails.get(0).getHeader("X-Backstop-Outcome")).containsExactly("anomaly");
            assertThat(GreenMailUtil.getBody(mails.get(0)).replace("\r\n", "\n"))
                    .contains("  table sessions of appdb fell to 0 rows from 4211")
                    .contains("backstop accept 20251104T020001Z");
        }
    }

    @Test
    void finished_smtpsWithoutTrustFile_failsOnTheCertificateAndTheDispatcherRecordsIt() throws Exception {
        // given a self-signed server certificate that the JVM's trust store does not know
        TestCertificate cert = TestCertificate.create(dir, "loopback", "IP:127.0.0.1");
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        EventLog log = new EventLog(new PrintStream(logged, true, StandardCharsets.UTF_8), Clock.systemUTC());
        try (SmtpsServer smtps = new SmtpsServer(cert, "backup@example.com", "s3cr3t")) {
            Dispatcher dispatcher = new Dispatcher(List.of(config(smtps.port(), null)), ENV, log);
            RunNotice notice = Notices.anomaly();

            // when
            long start = System.nanoTime();
            List<Dispatcher.Delivery> deliveries = dispatcher.finished(notice, Duration.ofSeconds(10));

            // then: refused within the timeout, recorded as a failed delivery, the run's outcome untouched
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            assertThat(deliveries).hasSize(1);
            assertThat(deliveries.get(0).ok()).isFalse();
            assertThat(deliveries.get(0).detail()).startsWith("SMTP server 127.0.0.1:" + smtps.port())
                    .containsIgnoringCase("certification path").doesNotContain("s3cr3t");
            assertThat(notice.outcome()).isEqualTo("anomaly");
            assertThat(logged.toString(StandardCharsets.UTF_8)).contains("127.0.0.1:" + smtps.port());
            assertThat(smtps.received()).isEmpty();
        }
    }

    @Test
    void finished_trustedCertificateForAnotherName_isRefusedByTheIdentityCheck() throws Exception {
        // given a server certificate that is trusted but names only mail.example.com, not 127.0.0.1
        TestCertificate cert = TestCertificate.create(dir, "other", "DNS:mail.example.com");
        try (SmtpsServer smtps = new SmtpsServer(cert, "backup@example.com", "s3cr3t")) {
            EmailNotifier notifier = new EmailNotifier(config(smtps.port(), cert.pem()), ENV);

            // when / then: the handshake is refused (the JDK reports the name mismatch, found while
            // validating the chain, as a PKIX failure); the same trust with a certificate naming
            // 127.0.0.1 delivers, see the first test
            assertThatThrownBy(() -> notifier.finished(Notices.anomaly(), Duration.ofSeconds(5)))
                    .isInstanceOf(NotifyException.class)
                    .hasMessageStartingWith("SMTP server 127.0.0.1:" + smtps.port())
                    .hasMessageContaining("SSLHandshakeException")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
            assertThat(smtps.received()).isEmpty();
        }
    }

    @Test
    void finished_trustFileThatIsNoCertificate_failsNamingTheFile() throws Exception {
        // given
        Path notPem = dir.resolve("smtp-ca.pem");
        Files.writeString(notPem, "not a certificate\n");
        EmailNotifier notifier = new EmailNotifier(config(465, notPem), ENV);

        // when / then
        assertThatThrownBy(() -> notifier.finished(Notices.anomaly(), Duration.ofSeconds(5)))
                .isInstanceOf(NotifyException.class)
                .hasMessageContaining("tls_trust_file " + notPem)
                .hasMessageContaining("PEM");
    }
}
