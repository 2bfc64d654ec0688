package dev.backstop.target.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP proxy on 127.0.0.1 in front of the test S3 server that behaves like the services which
 * do not know the flexible checksums: a request with an {@code x-amz-checksum-*} header is answered
 * with an error (Backblaze B2: 400 "Unsupported header"; Cloudflare R2: 501 NotImplemented), any
 * other is passed through unchanged, one request per connection. It keeps every request's header
 * block, so a test can see what the client sent.
 */
final class ChecksumRefusingProxy implements AutoCloseable {

    /** How the service refuses. */
    enum Refusal {
        B2_LIKE(400, "Bad Request", "InvalidArgument", "Unsupported header 'x-amz-checksum-sha256' received for this API call."),
        R2_LIKE(501, "Not Implemented", "NotImplemented", "Header 'x-amz-checksum-sha256' with value is not implemented");

        final int status;
        final String reason;
        final String code;
        final String message;

        Refusal(int status, String reason, String code, String message) {
            this.status = status;
            this.reason = reason;
            this.code = code;
            this.message = message;
        }
    }

    /** Every request's header block, as sent. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** The requests refused. */
    final List<String> refused = new CopyOnWriteArrayList<>();

    private final Refusal refusal;
    private final InetSocketAddress upstream;
    private final ServerSocket listener;

    ChecksumRefusingProxy(String upstreamEndpoint, Refusal refusal) throws IOException {
        URI uri = URI.create(upstreamEndpoint);
        this.upstream = new InetSocketAddress(uri.getHost(), uri.getPort());
        this.refusal = refusal;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "checksum-refusing-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread t = new Thread(() -> serve(client), "checksum-refusing-proxy-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            String head = readHead(client.getInputStream());
            if (head == null) {
                return;
            }
            requests.add(head);
            if (asksForChecksum(head)) {
                refused.add(head.substring(0, head.indexOf('\r')));
                refuse(client.getOutputStream(), !head.startsWith("HEAD "));
                return;
            }
            try (Socket server = new Socket()) {
                server.connect(upstream, 5000);
                server.getOutputStream().write(oneRequestPerConnection(head).getBytes(StandardCharsets.ISO_8859_1));
                Thread body = new Thread(() -> pump(client, server), "checksum-refusing-proxy-body");
                body.setDaemon(true);
                body.start();
                server.getInputStream().transferTo(client.getOutputStream());
            }
        } catch (IOException e) {
            // the client or the server went away: nothing to pass on
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // the response is complete and the connection closed
        }
    }

    private static boolean asksForChecksum(String head) {
        for (String line : head.split("\r\n")) {
            String name = line.toLowerCase(Locale.ROOT);
            if (name.startsWith("x-amz-checksum-") || name.startsWith("x-amz-sdk-checksum-algorithm:")) {
                return true;
            }
        }
        return false;
    }

    private void refuse(OutputStream out, boolean withBody) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + refusal.code + "</Code><Message>"
                + refusal.message + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        String response = "HTTP/1.1 " + refusal.status + " " + refusal.reason + "\r\nContent-Type: application/xml\r\n"
                + "Content-Length: " + (withBody ? body.length : 0) + "\r\nConnection: close\r\n\r\n";
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        if (withBody) {
            out.write(body);
        }
        out.flush();
    }

    /** The header block with {@code Connection: close}, so the server ends the connection after its answer. */
    private static String oneRequestPerConnection(String head) {
        StringBuilder b = new StringBuilder();
        for (String line : head.split("\r\n")) {
            if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                b.append(line).append("\r\n");
            }
        }
        return b.append("Connection: close\r\n\r\n").toString();
    }

    /** The request line and headers up to the empty line, or null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : c == '\r' ? 1 : 0;
            if (matched == 4) {
                String text = head.toString(StandardCharsets.ISO_8859_1);
                return text.substring(0, text.length() - 4);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
