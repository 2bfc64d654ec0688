package dev.backstop.target.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 between the S3 client and the server that misbehaves on demand: it
 * cuts a connection once the client has sent a number of bytes over it, or flips one byte of what
 * the client sends. Each connection counts its own bytes.
 */
final class CuttingProxy implements AutoCloseable {

    /** Client bytes after which a connection is cut (with a reset), or -1 for never. */
    volatile long cutAfter = -1;
    /** How many connections may still be cut. */
    final AtomicInteger cutsLeft = new AtomicInteger(Integer.MAX_VALUE);
    /** Client byte (0-based, per connection) to flip, or -1 for none. */
    volatile long flipAt = -1;
    /** How many connections may still have a byte flipped. */
    final AtomicInteger flipsLeft = new AtomicInteger(Integer.MAX_VALUE);
    final AtomicInteger cuts = new AtomicInteger();
    final AtomicInteger flips = new AtomicInteger();
    final AtomicInteger accepted = new AtomicInteger();

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final List<Socket> open = new ArrayList<>();
    private final Thread acceptor;

    CuttingProxy(String upstreamEndpoint) throws IOException {
        java.net.URI uri = java.net.URI.create(upstreamEndpoint);
        upstream = new InetSocketAddress(uri.getHost(), uri.getPort());
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "cutting-proxy");
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
                accepted.incrementAndGet();
                Socket server = new Socket();
                server.connect(upstream, 5000);
                synchronized (open) {
                    open.add(client);
                    open.add(server);
                }
                pump(client, server, true);
                pump(server, client, false);
            } catch (IOException e) {
                // closed, or the upstream refused: the client sees its connection fail
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            long count = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (fromClient) {
                        long cut = cutAfter;
                        if (cut >= 0 && count + n > cut && cutsLeft.getAndDecrement() > 0) {
                            out.write(buffer, 0, (int) (cut - count));
                            out.flush();
                            cuts.incrementAndGet();
                            reset(from);
                            reset(to);
                            return;
                        }
                        long flip = flipAt;
                        if (flip >= count && flip < count + n && flipsLeft.getAndDecrement() > 0) {
                            buffer[(int) (flip - count)] ^= 0x01;
                            flips.incrementAndGet();
                        }
                    }
                    out.write(buffer, 0, n);
                    count += n;
                }
            } catch (IOException e) {
                // the other side went away
            } finally {
                close(from);
                close(to);
            }
        }, "cutting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Resets every open connection; new ones are still accepted. */
    void dropAll() {
        synchronized (open) {
            open.forEach(CuttingProxy::reset);
            open.clear();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (open) {
            open.forEach(CuttingProxy::close);
        }
    }
}
