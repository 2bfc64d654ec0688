package dev.backstop.notify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code tls_trust_file:}: TLS that trusts exactly the certificates of one file instead of the JVM's
 * trust store. The chain is still validated (dates, signatures) by the JDK's PKIX trust manager;
 * the server's name is checked by the mail client, not here.
 */
final class TrustFile {

    private TrustFile() {
    }

    /**
     * A socket factory trusting the certificates in {@code file} (PEM, one or more, or DER).
     *
     * @throws NotifyException naming the file when it cannot be read or holds no certificate
     */
    static SSLSocketFactory socketFactory(Path file) throws NotifyException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(file)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new NotifyException("notify email: tls_trust_file " + file + " cannot be read as certificates"
                    + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); give a PEM file with the"
                    + " server's CA certificate (-----BEGIN CERTIFICATE-----)", e);
        }
        if (certs.isEmpty()) {
            throw new NotifyException("notify email: tls_trust_file " + file + " holds no certificate; give a PEM"
                    + " file with the server's CA certificate (-----BEGIN CERTIFICATE-----)");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate cert : certs) {
                store.setCertificateEntry("trusted-" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new NotifyException("notify email: TLS with the certificates of " + file + " cannot be set up: "
                    + e.getMessage(), e);
        }
    }
}
