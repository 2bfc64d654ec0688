package dev.backstop.notify;

import dev.backstop.config.NotifyConfig;
import dev.backstop.core.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code type: webhook}: a JSON POST of the {@link RunNotice} to {@code url} on the chosen
 * events, and healthchecks-style pings: {@code start} when a run starts, then {@code success}
 * or {@code fail} (an anomaly, or any run that exits 7, is a fail: it needs a human) at the end
 * of every run. Checks ({@code verify}, {@code restore-test}) are posted on their events but
 * never pinged.
 */
final class WebhookNotifier implements Notifier {

    private final NotifyConfig.Webhook config;

    WebhookNotifier(NotifyConfig.Webhook config) {
        this.config = config;
    }

    @Override
    public String describe() {
        URI any = config.url() != null ? config.url() : firstPing();
        return "webhook " + any.getScheme() + "://" + any.getHost() + (any.getPort() < 0 ? "" : ":" + any.getPort());
    }

    private URI firstPing() {
        NotifyConfig.Pings p = config.pings();
        return p.start() != null ? p.start() : p.success() != null ? p.success() : p.fail();
    }

    @Override
    public Optional<String> started(String runId, Duration timeout) throws NotifyException {
        if (config.pings() == null || config.pings().start() == null) {
            return Optional.empty();
        }
        return Optional.of(post(config.pings().start(), "text/plain", "backstop run " + runId + " started", timeout,
                "start ping"));
    }

    @Override
    public Optional<String> finished(RunNotice notice, Duration timeout) throws NotifyException {
        List<String> sent = new ArrayList<>();
        NotifyException failure = null;
        if (config.url() != null && notice.events().stream().anyMatch(config.on()::contains)) {
            try {
                sent.add(post(config.url(), "application/json", json(notice), timeout, "JSON result"));
            } catch (NotifyException e) {
                failure = e;
            }
        }
        // pings are a dead-man's switch for backups: a verify that passed must not stand in for a run
        if (config.pings() != null && RunNotice.RUN.equals(notice.kind())) {
            // exit 0 only: a success that still needs a human (exit 7) pings fail, like an anomaly
            boolean good = notice.outcome().equals("success") && notice.exitCode() == 0;
            URI ping = good ? config.pings().success() : config.pings().fail();
            if (ping != null) {
                // a ping is sent even when the POST failed: it is how a dead-man's switch learns of the run
                sent.add(post(ping, "text/plain", notice.summary(), timeout, good ? "success ping" : "fail ping"));
            }
        }
        if (failure != null) {
            throw failure;
        }
        return sent.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", sent));
    }

    static String json(RunNotice notice) {
        try {
            return Json.mapper().writeValueAsString(notice);
        } catch (IOException e) {
            throw new IllegalStateException("a run notice always serializes", e);
        }
    }

    private static String post(URI uri, String type, String body, Duration timeout, String what) throws NotifyException {
        String where = what + " to " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", type + "; charset=utf-8")
                .header("User-Agent", "backstop")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                String text = response.body() == null ? "" : MessageText.oneLine(response.body());
                throw new NotifyException(where + ": the server answered HTTP " + response.statusCode()
                        + (text.isEmpty() ? "" : " (" + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + ")"));
            }
            return where + ": HTTP " + response.statusCode();
        } catch (HttpTimeoutException e) {
            throw new NotifyException(where + ": no answer within " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new NotifyException(where + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotifyException(where + ": interrupted", e);
        }
    }
}
