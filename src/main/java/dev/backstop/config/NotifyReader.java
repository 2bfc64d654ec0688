package dev.backstop.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads {@code notify:}, one {@link NotifyConfig} per entry, by {@code type:}. */
final class NotifyReader {

    /** The keys of each notifier type; the order is the one messages show. */
    static final Map<String, List<String>> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("email", List.of("type", "smtp", "from", "to", "on", "timeout"));
        KEYS.put("webhook", List.of("type", "url", "pings", "on", "timeout"));
    }

    private static final List<String> SMTP_KEYS =
            List.of("host", "port", "starttls", "tls", "user", "password_env", "password_file", "tls_trust_file");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>]+@[^@\\s<>]+");
    private static final Set<NotifyConfig.Event> EMAIL_DEFAULT = EnumSet.of(NotifyConfig.Event.FAILURE,
            NotifyConfig.Event.ANOMALY, NotifyConfig.Event.RECOVERY);

    private NotifyReader() {
    }

    static List<NotifyConfig> read(Section top, String host) {
        if (!top.has("notify")) {
            return List.of();
        }
        List<Node> items = top.list("notify");
        List<NotifyConfig> out = new ArrayList<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            Section n = Section.mapping(items.get(i), "notify[" + i + "]", top.problems(), top.baseDir(),
                    " (type:, ...)");
            if (n != null) {
                NotifyConfig c = readOne(n, host);
                if (c != null) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static NotifyConfig readOne(Section n, String host) {
        int before = n.problems().count();
        String type = n.has("type") ? n.string("type") : null;
        if (!n.has("type")) {
            n.missing("type", " (known types: " + String.join(", ", KEYS.keySet()) + ")");
        } else if (type != null && !KEYS.containsKey(type)) {
            n.problems().add(n.value("type"), n.keyPath("type"), "unknown notifier type '" + type + "' (known: "
                    + String.join(", ", KEYS.keySet()) + ")");
        }
        if (type == null || !KEYS.containsKey(type)) {
            n.rejectPasswordKey();
            return null;
        }
        n.rejectUnknown(KEYS.get(type), "a " + type + " notifier");
        Duration timeout = n.has("timeout") ? n.positiveDuration("timeout", NotifyConfig.DEFAULT_TIMEOUT)
                : NotifyConfig.DEFAULT_TIMEOUT;
        NotifyConfig c = type.equals("email") ? email(n, host, timeout) : webhook(n, timeout);
        return n.problems().count() > before ? null : c;
    }

    private static NotifyConfig email(Section n, String host, Duration timeout) {
        NotifyConfig.Smtp smtp = null;
        if (!n.has("smtp")) {
            n.missing("smtp", " (host:, port:, starttls: or tls:, user:, password_env: or password_file:)");
        } else {
            smtp = smtp(n.section("smtp"));
        }
        List<String> to = n.has("to") ? n.strings("to") : null;
        if (!n.has("to")) {
            n.missing("to", " (a list of addresses)");
        } else if (to != null && to.isEmpty()) {
            n.problems().add(n.value("to"), n.keyPath("to"), "must list at least one address");
        }
        for (int i = 0; to != null && i < to.size(); i++) {
            address(n, n.keyPath("to") + "[" + i + "]", to.get(i));
        }
        String from = n.has("from") ? n.string("from") : "backstop@" + (host == null ? "localhost" : host);
        if (n.has("from") && from != null) {
            address(n, n.keyPath("from"), from);
        }
        return new NotifyConfig.Email(smtp, from, to == null ? List.of() : to, events(n, EMAIL_DEFAULT), timeout);
    }

    private static void address(Section n, String where, String text) {
        if (!ADDRESS.matcher(text).matches()) {
            n.problems().add(n.node(), where, "'" + text + "' is not an e-mail address (like ops@example.com)");
        }
    }

    private static NotifyConfig.Smtp smtp(Section s) {
        if (s == null) {
            return null;
        }
        s.rejectUnknown(SMTP_KEYS, "smtp");
        String host = s.requiredString("host");
        Boolean starttls = s.has("starttls") ? s.parsed("starttls", NotifyReader::bool) : Boolean.FALSE;
        Boolean tls = s.has("tls") ? s.parsed("tls", NotifyReader::bool) : Boolean.FALSE;
        if (Boolean.TRUE.equals(starttls) && Boolean.TRUE.equals(tls)) {
            s.problems().add(s.value("tls"), s.keyPath("tls"), "choose one of starttls: true (port 587) and"
                    + " tls: true (port 465), not both");
        }
        NotifyConfig.Security security = Boolean.TRUE.equals(tls) ? NotifyConfig.Security.TLS
                : Boolean.TRUE.equals(starttls) ? NotifyConfig.Security.STARTTLS : NotifyConfig.Security.NONE;
        int defaultPort = security == NotifyConfig.Security.TLS ? 465 : security == NotifyConfig.Security.STARTTLS ? 587 : 25;
        Integer port = s.has("port") ? s.integer("port", 1, 65535) : Integer.valueOf(defaultPort);
        String user = s.string("user");
        String passwordEnv = s.string("password_env");
        if (passwordEnv != null && !ENV_NAME.matcher(passwordEnv).matches()) {
            s.problems().add(s.value("password_env"), s.keyPath("password_env"), "is not the name of an"
                    + " environment variable; write the variable's name (e.g. SMTP_PASSWORD), never the password");
        }
        Path passwordFile = s.path("password_file");
        if (passwordEnv != null && passwordFile != null) {
            s.problems().add(s.value("password_file"), s.keyPath("password_file"),
                    "give the password once: password_env or password_file, not both");
        }
        if (user == null && (passwordEnv != null || passwordFile != null)) {
            s.missing("user", " (a password is given, so the server expects a login name)");
        }
        Path trustFile = s.path("tls_trust_file");
        if (trustFile != null && security == NotifyConfig.Security.NONE) {
            s.problems().add(s.value("tls_trust_file"), s.keyPath("tls_trust_file"), "is only used with TLS;"
                    + " add starttls: true (port 587) or tls: true (port 465), or remove tls_trust_file");
        }
        return new NotifyConfig.Smtp(host, port == null ? defaultPort : port, security, user, passwordEnv, passwordFile,
                trustFile);
    }

    private static NotifyConfig webhook(Section n, Duration timeout) {
        URI url = n.has("url") ? n.parsed("url", NotifyReader::httpUrl) : null;
        NotifyConfig.Pings pings = null;
        if (n.has("pings")) {
            Section p = n.section("pings");
            if (p != null) {
                p.rejectUnknown(List.of("start", "success", "fail"), "pings");
                pings = new NotifyConfig.Pings(p.has("start") ? p.parsed("start", NotifyReader::httpUrl) : null,
                        p.has("success") ? p.parsed("success", NotifyReader::httpUrl) : null,
                        p.has("fail") ? p.parsed("fail", NotifyReader::httpUrl) : null);
            }
        }
        if (!n.has("url") && !n.has("pings")) {
            n.missing("url", " (where the JSON result is posted), or pings: {start:, success:, fail:}");
        }
        return new NotifyConfig.Webhook(url, pings, events(n, EnumSet.allOf(NotifyConfig.Event.class)), timeout);
    }

    private static Set<NotifyConfig.Event> events(Section n, Set<NotifyConfig.Event> otherwise) {
        if (!n.has("on")) {
            return otherwise;
        }
        List<String> words = n.strings("on");
        Set<NotifyConfig.Event> events = EnumSet.noneOf(NotifyConfig.Event.class);
        for (int i = 0; words != null && i < words.size(); i++) {
            try {
                events.add(NotifyConfig.Event.valueOf(words.get(i).toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                n.problems().add(n.value("on"), n.keyPath("on") + "[" + i + "]", "unknown event '" + words.get(i)
                        + "' (known: success, failure, anomaly, recovery)");
            }
        }
        if (words != null && words.isEmpty()) {
            n.problems().add(n.value("on"), n.keyPath("on"), "must list at least one event"
                    + " (success, failure, anomaly, recovery)");
        }
        return events;
    }

    private static Boolean bool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> Boolean.TRUE;
            case "false", "no", "off" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("must be true or false, not '" + text + "'");
        };
    }

    private static URI httpUrl(String text) {
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("must be an http:// or https:// URL with a host");
    }

    /** The URL as config check prints it: path and query may carry a token, so only scheme, host and port. */
    static String masked(URI url) {
        return url == null ? "(not set)" : url.getScheme() + "://" + url.getHost()
                + (url.getPort() < 0 ? "" : ":" + url.getPort()) + "/*** (path hidden: it may hold a token)";
    }
}
