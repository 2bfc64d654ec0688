package dev.backstop.notify;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * GreenMail's SMTP server speaking TLS from the first byte (SMTPS) on 127.0.0.1 with the key of a
 * {@link TestCertificate}. GreenMail reads its own key once per JVM (system properties
 * {@code greenmail.tls.keystore.*}, first use wins), so each test gives its key here instead.
 */
final class SmtpsServer implements AutoCloseable {

    private final Managers managers = new Managers();
    private final SmtpServer server;

    SmtpsServer(TestCertificate cert, String user, String password) throws Exception {
        managers.getUserManager().createUser(user, user, password);
        SSLContext tls = serverContext(cert);
        server = new SmtpServer(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS), managers) {
            @Override
            protected ServerSocket openServerSocket() throws IOException {
                // as GreenMail's own, with this test's key instead of the JVM-wide one
                ServerSocket socket = tls.getServerSocketFactory().createServerSocket();
                socket.bind(new InetSocketAddress(bindTo, 0));
                setup = setup.port(socket.getLocalPort());
                return socket;
            }
        };
        server.startService();
        if (!server.waitTillRunning(10_000)) {
            server.stopService();
            throw new IllegalStateException("GreenMail SMTPS did not start on 127.0.0.1 within 10 s");
        }
    }

    int port() {
        return server.getPort();
    }

    List<MimeMessage> received() {
        return managers.getImapHostManager().getAllMessages().stream().map(StoredMessage::getMimeMessage).toList();
    }

    private static SSLContext serverContext(TestCertificate cert) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(cert.keyStore())) {
            store.load(in, TestCertificate.PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, TestCertificate.PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    @Override
    public void close() {
        server.stopService();
    }
}
