package dev.backstop.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.backstop.core.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The dashboard over HTTP: {@code /} (the page), {@code /metrics} (Prometheus),
 * {@code /assets/...} (stylesheet and script from the jar). Read-only: any method but GET and
 * HEAD is refused. Listens on loopback unless a token is given; with a token, every request
 * must carry it (see {@link AccessToken}).
 */
public final class DashboardServer implements AutoCloseable {

    private static final Map<String, String> ASSETS = Map.of(
            "/assets/dashboard.css", "text/css; charset=utf-8",
            "/assets/dashboard.js", "text/javascript; charset=utf-8");
    private static final String CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:;"
            + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Dashboard dashboard;
    private final AccessToken token;

    private DashboardServer(HttpServer server, ExecutorService executor, Dashboard dashboard, AccessToken token) {
        this.server = server;
        this.executor = executor;
        this.dashboard = dashboard;
        this.token = token;
    }

    /**
     * Binds {@code listen} and starts serving.
     *
     * @param token the access token, or null; required when {@code listen} is not a loopback address
     * @throws ConfigException when the address is malformed, not loopback without a token, the
     *                         token is too short, or the address cannot be bound (in use, not on
     *                         this machine)
     */
    public static DashboardServer start(String listen, String token, Dashboard dashboard) throws ConfigException {
        ListenAddress address = ListenAddress.parse(listen);
        AccessToken access;
        try {
            access = token == null ? null : AccessToken.of(token);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        if (!address.loopback() && access == null) {
            throw new ConfigException("--listen " + listen + " is reachable from other machines, so the dashboard needs a"
                    + " token: --token-file FILE (mode 0600) or the environment variable BACKSTOP_DASHBOARD_TOKEN;"
                    + " or listen on 127.0.0.1 and reach it through an SSH tunnel or a reverse proxy");
        }
        HttpServer server;
        try {
            server = HttpServer.create(address.socket(), 32);
        } catch (IOException e) {
            throw new ConfigException("cannot listen on " + listen + ": " + e.getMessage()
                    + "; choose another address or port with --listen");
        }
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "dashboard-http");
            t.setDaemon(true);
            return t;
        });
        DashboardServer s = new DashboardServer(server, executor, dashboard, access);
        server.createContext("/", s::handle);
        server.setExecutor(executor);
        server.start();
        return s;
    }

    /** The bound address (its port, when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                respond(ex);
            } catch (RuntimeException e) {
                // while the exchange is open, and unless a response has begun: the client gets the
                // page, not a dropped connection
                if (ex.getResponseCode() == -1) {
                    send(ex, 500, "text/plain; charset=utf-8", "internal error: " + e + "\n");
                }
            }
        }
    }

    private void respond(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if (token != null && !token.admits(ex.getRequestHeaders().getFirst("Authorization"))) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"backstop\", charset=\"UTF-8\"");
            send(ex, 401, "text/plain; charset=utf-8", "a token is required: Authorization: Bearer <token>\n");
            return;
        }
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            send(ex, 405, "text/plain; charset=utf-8", "the dashboard is read-only\n");
            return;
        }
        route(ex);
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        Query q = Query.parse(ex.getRequestURI().getRawQuery());
        if (path.equals("/")) {
            ex.getResponseHeaders().set("Content-Security-Policy", CSP);
            ex.getResponseHeaders().set("X-Frame-Options", "DENY");
            send(ex, 200, "text/html; charset=utf-8", dashboard.page(q.days(), q.allRuns()));
        } else if (path.equals("/metrics")) {
            String text;
            try {
                text = dashboard.metrics();
            } catch (RuntimeException e) {
                send(ex, 503, "text/plain; charset=utf-8", e.getMessage() + "\n");
                return;
            }
            send(ex, 200, dev.backstop.metrics.BackstopMetrics.CONTENT_TYPE, text);
        } else if (ASSETS.containsKey(path)) {
            byte[] body;
            try (InputStream in = DashboardServer.class.getResourceAsStream("/dashboard" + path.substring("/assets".length()))) {
                body = in.readAllBytes();
            }
            ex.getResponseHeaders().set("Cache-Control", "max-age=3600");
            send(ex, 200, ASSETS.get(path), body);
        } else {
            send(ex, 404, "text/plain; charset=utf-8", "not found: " + path + "\n");
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        dashboard.close();
    }
}
