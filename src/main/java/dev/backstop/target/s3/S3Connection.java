package dev.backstop.target.s3;

import dev.backstop.core.PreflightException;
import java.io.IOException;
import java.net.URI;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The S3 client of one target, built on first use. The client itself retries single requests
 * (throttling, 5xx, a reset connection) a few times; {@link dev.backstop.target.RetryingTarget}
 * retries whole operations on top. Checksums are only those backstop sets itself (SHA-256 or MD5 in
 * a header, see {@link S3Checksum}); the SDK's own trailing checksums are off, as many services
 * refuse them or store their framing in the object, and the requests that must carry a checksum
 * (DeleteObjects) carry Content-MD5, which every service knows, not the SDK's newer CRC32.
 */
final class S3Connection implements AutoCloseable {

    /** Bodies from this size on ask the service first (Expect: 100-continue) before they are sent. */
    static final long EXPECT_CONTINUE_FROM = 1L << 20;

    private final S3Config config;
    private final Function<String, String> env;
    private S3Client client;

    S3Connection(S3Config config, Function<String, String> env) {
        this.config = config;
        this.env = env;
    }

    /** @throws PreflightException naming the variable or file that does not give a key */
    S3Credentials credentials() throws PreflightException {
        return S3Credentials.resolve(config, env);
    }

    synchronized S3Client client() throws IOException {
        if (client == null) {
            S3Credentials keys;
            try {
                keys = credentials();
            } catch (PreflightException e) {
                throw new IOException(e.getMessage(), e);
            }
            S3ClientBuilder builder = S3Client.builder()
                    .region(Region.of(config.region()))
                    .forcePathStyle(config.pathStyle())
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(keys.accessKey(), keys.secretKey())))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .addPlugin(LegacyMd5Plugin.create())
                    // the payload is signed whole: no aws-chunked framing, which some services store in the
                    // object; and a small PUT goes without Expect: 100-continue, so that a service refusing
                    // its headers answers with its error instead of a cut connection, which looks transient
                    .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false)
                            .expectContinueThresholdInBytes(EXPECT_CONTINUE_FROM).build())
                    .httpClientBuilder(UrlConnectionHttpClient.builder()
                            .connectionTimeout(config.connectTimeout())
                            .socketTimeout(config.ioTimeout()));
            if (config.endpoint() != null) {
                builder.endpointOverride(URI.create(config.endpoint()));
            }
            client = builder.build();
        }
        return client;
    }

    /** Where the bucket is, for messages: {@code bucket 'b' at http://host:9000}. */
    String where() {
        return "bucket '" + config.bucket() + "' at " + (config.endpoint() == null ? "AWS S3 (" + config.region() + ")"
                : config.endpoint());
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
