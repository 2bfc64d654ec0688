package dev.backstop.notify;

import dev.backstop.config.NotifyConfig;
import dev.backstop.core.Findings;
import dev.backstop.core.PreflightException;
import dev.backstop.exec.SecretFiles;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * {@code type: email}: a plain-text mail over SMTP (Angus Mail), with STARTTLS or TLS and a login.
 * With TLS the certificate must chain to the JVM's trust store, or to {@code tls_trust_file} when set,
 * and must name the host connected to; neither check can be turned off.
 */
final class EmailNotifier implements Notifier {

    private final NotifyConfig.Email config;
    private final Function<String, String> env;

    EmailNotifier(NotifyConfig.Email config, Function<String, String> env) {
        this.config = config;
        this.env = env;
    }

    @Override
    public String describe() {
        return "email to " + String.join(", ", config.to()) + " via " + config.smtp().host() + ":" + config.smtp().port();
    }

    @Override
    public void check(Findings findings) {
        NotifyConfig.Smtp smtp = config.smtp();
        String who = "notify: " + describe() + ": ";
        if (smtp.user() != null) {
            findings.error(who, () -> password(smtp));
        }
        if (smtp.tlsTrustFile() != null && smtp.security() != NotifyConfig.Security.NONE) {
            findings.error(who, () -> TrustFile.socketFactory(smtp.tlsTrustFile()));
        }
    }

    @Override
    public Optional<String> finished(RunNotice notice, Duration timeout) throws NotifyException {
        if (notice.events().stream().noneMatch(config.on()::contains)) {
            return Optional.empty();
        }
        NotifyConfig.Smtp smtp = config.smtp();
        String where = "SMTP server " + smtp.host() + ":" + smtp.port();
        try {
            Properties props = properties(smtp, timeout);
            if (smtp.tlsTrustFile() != null && smtp.security() != NotifyConfig.Security.NONE) {
                // used for SMTPS and for the STARTTLS upgrade alike; checkserveridentity stays on
                props.put("mail.smtp.ssl.socketFactory", TrustFile.socketFactory(smtp.tlsTrustFile()));
            }
            Session session = Session.getInstance(props);
            MimeMessage mail = new MimeMessage(session);
            mail.setFrom(new InternetAddress(config.from()));
            for (String to : config.to()) {
                mail.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            }
            mail.setSubject(notice.summary(), "UTF-8");
            mail.setText(MessageText.body(notice), "UTF-8");
            mail.setSentDate(Date.from(notice.finished()));
            mail.setHeader("X-Backstop-Outcome", notice.outcome());
            if (smtp.user() != null) {
                Transport.send(mail, smtp.user(), password(smtp));
            } else {
                Transport.send(mail);
            }
            return Optional.of("mail to " + String.join(", ", config.to()) + " accepted by " + where);
        } catch (MessagingException e) {
            // Angus Mail's messages name the server and the SMTP reply; they hold no password
            throw new NotifyException(where + ": " + describe(e), e);
        }
    }

    private static Properties properties(NotifyConfig.Smtp smtp, Duration timeout) {
        Properties p = new Properties();
        String ms = String.valueOf(Math.max(1, timeout.toMillis()));
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", String.valueOf(smtp.port()));
        p.put("mail.smtp.connectiontimeout", ms);
        p.put("mail.smtp.timeout", ms);
        p.put("mail.smtp.writetimeout", ms);
        p.put("mail.smtp.auth", String.valueOf(smtp.user() != null));
        switch (smtp.security()) {
            case STARTTLS -> {
                // required: a server that does not offer STARTTLS must not get the password in clear
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
                p.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case TLS -> {
                p.put("mail.smtp.ssl.enable", "true");
                p.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            default -> {
            }
        }
        return p;
    }

    private String password(NotifyConfig.Smtp smtp) throws NotifyException {
        if (smtp.passwordEnv() != null) {
            String value = env.apply(smtp.passwordEnv());
            if (value == null || value.isEmpty()) {
                throw new NotifyException("the SMTP password variable " + smtp.passwordEnv() + " is not set"
                        + " in the environment of backstop");
            }
            return value;
        }
        if (smtp.passwordFile() != null) {
            try {
                SecretFiles.requirePrivate(smtp.passwordFile(), "notify email: password_file");
                return Files.readString(smtp.passwordFile(), StandardCharsets.UTF_8).strip();
            } catch (PreflightException | IOException e) {
                throw new NotifyException(e.getMessage(), e);
            }
        }
        return "";
    }

    private static String describe(MessagingException e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 3; depth++, cause = cause.getCause()) {
            sb.append(": ").append(cause.getClass().getSimpleName()).append(' ').append(cause.getMessage());
        }
        return MessageText.oneLine(sb.toString());
    }
}
