package dev.backstop.target.s3;

import dev.backstop.config.RetentionPolicy;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3-compatible server of the tests: S3Proxy (Maven Central; the build copies its
 * self-contained jar to target/s3proxy/s3proxy.jar) as a child process on 127.0.0.1, storing into
 * a temporary directory, started once per test JVM and stopped with it. Its keys are
 * {@link #ACCESS_KEY} and {@link #SECRET_KEY}.
 */
public final class TestS3 {

    public static final String ACCESS_KEY = "backstop-test-access";
    public static final String SECRET_KEY = "backstop-test-secret-0123456789";
    public static final String ACCESS_ENV = "BACKSTOP_TEST_S3_ACCESS";
    public static final String SECRET_ENV = "BACKSTOP_TEST_S3_SECRET";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private static final Instance CURRENT = new Instance("s3proxy.jar", "target/s3proxy/s3proxy.jar",
            "filesystem-nio2");
    private static final Instance LEGACY = new Instance("s3proxy.legacy.jar",
            "target/s3proxy/s3proxy-legacy.jar", "transient");

    /** A running server. */
    public record Server(String endpoint, Path dataDir, Process process) {
    }

    /** One S3Proxy version, started on first use. */
    private static final class Instance {
        private final String property;
        private final String defaultJar;
        private final String provider;
        private Server server;
        private String unavailable;

        /** @param provider the storage: files below the data directory, or {@code transient}: in memory */
        Instance(String property, String defaultJar, String provider) {
            this.property = property;
            this.defaultJar = defaultJar;
            this.provider = provider;
        }

        synchronized String unavailable() {
            if (server == null && unavailable == null) {
                try {
                    server = start(Path.of(System.getProperty(property, defaultJar)), provider);
                } catch (IOException | RuntimeException e) {
                    unavailable = e.getMessage();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    unavailable = "interrupted while starting S3Proxy";
                }
            }
            return unavailable;
        }

        synchronized Server server() {
            String why = unavailable();
            if (why != null) {
                throw new IllegalStateException("no test S3 server (is the test marked @RequiresService?): " + why);
            }
            return server;
        }
    }

    private TestS3() {
    }

    /**
     * Starts the server on first use. Tests that need it say {@code @RequiresService(Services.S3.class)}.
     *
     * @return null when it runs; otherwise why it could not start
     */
    public static String unavailable() {
        return CURRENT.unavailable();
    }

    /** The running server, for tests marked {@code @RequiresService(Services.S3.class)}. */
    public static Server server() {
        return CURRENT.server();
    }

    /**
     * An older S3Proxy (2.9), which refuses the flexible-checksum headers ({@code x-amz-checksum-*})
     * as many deployed S3-compatible services do. Tests say {@code @RequiresService(Services.LegacyS3.class)}.
     */
    public static String legacyUnavailable() {
        return LEGACY.unavailable();
    }

    /** The older server, for tests marked {@code @RequiresService(Services.LegacyS3.class)}. */
    public static Server legacyServer() {
        return LEGACY.server();
    }

    private static Server start(Path jar, String provider) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing; 'mvn process-test-classes' copies it from Maven Central");
        }
        Path home = Files.createTempDirectory("backstop-test-s3");
        Path data = Files.createDirectories(home.resolve("data"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;
        Path properties = home.resolve("s3proxy.conf");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=" + provider,
                "jclouds.filesystem.basedir=" + data, ""), StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                jar.toString(), "--properties", properties.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("s3proxy.log").toFile());
        pb.environment().put("LOG_LEVEL", "warn");
        Process process = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process, home)));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answers(endpoint)) {
            if (!process.isAlive()) {
                throw new IOException("S3Proxy exited with " + process.exitValue() + ": "
                        + tail(home.resolve("s3proxy.log")));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("S3Proxy did not answer on " + endpoint + " within " + START_TIMEOUT);
            }
            Thread.sleep(100);
        }
        return new Server(endpoint, data, process);
    }

    private static void stop(Process process, Path home) {
        process.destroyForcibly();
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            try (var walk = Files.walk(home)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | InterruptedException e) {
            // a leftover temporary directory is harmless
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static boolean answers(String endpoint) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(endpoint + "/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            c.getResponseCode();
            c.disconnect();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /**
     * A client with the server's keys, for fixtures that look behind the target's back. It asks for
     * no checksum the older server does not know.
     */
    public static S3Client client(String endpoint) {
        return S3Client.builder().region(Region.US_EAST_1).forcePathStyle(true).endpointOverride(URI.create(endpoint))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /**
     * Rewrites an object with its first byte flipped, as a hostile or broken writer would; with
     * {@code sha256}, the service stores the SHA-256 of the new bytes, as it would for any writer.
     */
    public static void flipFirstByte(Server s, String bucket, String key, boolean sha256) {
        try (S3Client c = client(s.endpoint())) {
            byte[] data = c.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            data[0] ^= 0x01;
            c.putObject(b -> b.bucket(bucket).key(key).checksumSHA256(sha256 ? S3Upload.sha256(data, data.length) : null),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(data));
        }
    }

    /** A new, empty bucket on the server. */
    public static String newBucket() {
        return newBucket(server());
    }

    /** A new, empty bucket on {@code s}. */
    public static String newBucket(Server s) {
        String bucket = "backstop-" + UUID.randomUUID().toString().substring(0, 8);
        try (S3Client c = client(s.endpoint())) {
            c.createBucket(b -> b.bucket(bucket));
        }
        return bucket;
    }

    /** A target configuration with the keys in {@link #ACCESS_ENV} and {@link #SECRET_ENV}, quick retries. */
    public static S3Config config(String name, String endpoint, String bucket, String prefix) {
        return new S3Config(name, endpoint, "us-east-1", bucket, prefix, true, ACCESS_ENV, SECRET_ENV, null,
                null, null, null, Duration.ofSeconds(5), Duration.ofSeconds(20), 3, Duration.ofMillis(50),
                Duration.ofSeconds(20), S3Checksum.AUTO, RetentionPolicy.keepEverything());
    }

    /** The environment that holds the server's keys (or a wrong secret). */
    public static java.util.function.Function<String, String> env(String secret) {
        return name -> name.equals(ACCESS_ENV) ? ACCESS_KEY : name.equals(SECRET_ENV) ? secret : null;
    }
}
