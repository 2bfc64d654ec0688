package dev.backstop.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate made by the JDK's own {@code keytool}: the key in a PKCS#12 store
 * for the server, the certificate alone in a PEM file for {@code tls_trust_file}.
 *
 * @param keyStore PKCS#12 file with the key and certificate, password {@link #PASSWORD}
 * @param pem      the certificate, PEM
 */
record TestCertificate(Path keyStore, Path pem) {

    static final String PASSWORD = "changeit";

    /** A certificate whose only subject alternative name is {@code san}, e.g. {@code IP:127.0.0.1}. */
    static TestCertificate create(Path dir, String name, String san) throws IOException, InterruptedException {
        Path store = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        keytool(List.of("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
        keytool(List.of("-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-file", pem.toString()));
        return new TestCertificate(store, pem);
    }

    private static void keytool(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool " + args.get(0) + " failed: " + out);
        }
    }
}
