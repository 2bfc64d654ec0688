package dev.backstop.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** One entry of {@code notify:}: who hears about a run, and on which events. */
public sealed interface NotifyConfig {

    /** The time a notifier may take when none is configured. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** The configuration's {@code type:} word. */
    String type();

    /** The events this notifier reports ({@code on:}). */
    Set<Event> on();

    /** How long one delivery may take before it is given up. */
    Duration timeout();

    /** What happened in a run, as a notifier chooses with {@code on:}. */
    enum Event {
        /** Complete and verified on every target. */
        SUCCESS,
        /** Nothing or not everything committed, or interrupted. */
        FAILURE,
        /** Stored and verified, with findings a human must look at. */
        ANOMALY,
        /** The first success after a run that did not succeed. */
        RECOVERY;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the SMTP connection is protected. */
    enum Security {
        /** Plain SMTP; only sensible on the same machine. */
        NONE,
        /** Plain connection upgraded with STARTTLS, which is required (usually port 587). */
        STARTTLS,
        /** TLS from the first byte (SMTPS, usually port 465). */
        TLS
    }

    /**
     * {@code smtp:} of an e-mail notifier.
     *
     * @param passwordEnv  environment variable holding the password, or null
     * @param passwordFile file holding the password (mode 0600), or null
     * @param tlsTrustFile PEM (or DER) file of the certificates trusted for this server instead of the
     *                     JVM's trust store, or null; the server's name is checked either way
     */
    record Smtp(String host, int port, Security security, String user, String passwordEnv, Path passwordFile,
            Path tlsTrustFile) {
    }

    /** {@code type: email}. */
    record Email(Smtp smtp, String from, List<String> to, Set<Event> on, Duration timeout) implements NotifyConfig {
        public Email {
            to = List.copyOf(to);
            on = Set.copyOf(on);
        }

        public String type() {
            return "email";
        }
    }

    /** Healthchecks-style pings: a GET (or POST) to each URL when a run starts, succeeds or fails. */
    record Pings(URI start, URI success, URI fail) {
    }

    /**
     * {@code type: webhook}: a JSON POST of the run's result to {@code url} on the chosen events,
     * and the pings, each optional (at least one of the two is set).
     */
    record Webhook(URI url, Pings pings, Set<Event> on, Duration timeout) implements NotifyConfig {
        public Webhook {
            on = Set.copyOf(on);
        }

        public String type() {
            return "webhook";
        }
    }
}
