package dev.backstop.config;

import java.util.List;
import java.util.function.Function;

/**
 * The {@code notify:} part of {@code config check}. No secret is printed: a password appears as
 * the name of its variable or file, and a URL without its path, which often is the token.
 */
final class NotifyPrinter {

    private NotifyPrinter() {
    }

    static void render(StringBuilder out, List<NotifyConfig> notify, Function<String, String> env) {
        if (notify.isEmpty()) {
            out.append("notify: []  # nobody is notified; cron mail and monitoring of 'backstop status' only\n");
            return;
        }
        out.append("notify:\n");
        for (NotifyConfig n : notify) {
            out.append("  - type: ").append(n.type()).append('\n');
            if (n instanceof NotifyConfig.Email e) {
                out.append("    smtp:\n");
                ConfigPrinter.line(out, 3, "host", ConfigPrinter.quote(e.smtp().host()));
                ConfigPrinter.line(out, 3, "port", String.valueOf(e.smtp().port()));
                ConfigPrinter.line(out, 3, "security", e.smtp().security().name().toLowerCase(java.util.Locale.ROOT));
                ConfigPrinter.line(out, 3, "user", e.smtp().user() == null ? "(not set: no login)"
                        : ConfigPrinter.quote(e.smtp().user()));
                ConfigPrinter.line(out, 3, "password_env", ConfigPrinter.passwordEnv(e.smtp().passwordEnv(), env));
                ConfigPrinter.line(out, 3, "password_file", ConfigPrinter.path(e.smtp().passwordFile()));
                if (e.smtp().security() != NotifyConfig.Security.NONE) {
                    ConfigPrinter.line(out, 3, "tls_trust_file", e.smtp().tlsTrustFile() == null
                            ? "(not set: the JVM's trust store)" : ConfigPrinter.path(e.smtp().tlsTrustFile()));
                }
                ConfigPrinter.line(out, 2, "from", ConfigPrinter.quote(e.from()));
                ConfigPrinter.line(out, 2, "to", "[" + String.join(", ", e.to().stream().map(ConfigPrinter::quote).toList())
                        + "]");
            } else if (n instanceof NotifyConfig.Webhook w) {
                ConfigPrinter.line(out, 2, "url", NotifyReader.masked(w.url()));
                if (w.pings() != null) {
                    out.append("    pings:\n");
                    ConfigPrinter.line(out, 3, "start", NotifyReader.masked(w.pings().start()));
                    ConfigPrinter.line(out, 3, "success", NotifyReader.masked(w.pings().success()));
                    ConfigPrinter.line(out, 3, "fail", NotifyReader.masked(w.pings().fail()));
                }
            }
            ConfigPrinter.line(out, 2, "on", "[" + String.join(", ", n.on().stream().sorted()
                    .map(NotifyConfig.Event::word).toList()) + "]");
            ConfigPrinter.line(out, 2, "timeout", ConfigPrinter.duration(n.timeout()));
        }
    }
}
