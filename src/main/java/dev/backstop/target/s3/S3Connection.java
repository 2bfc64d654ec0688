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
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The S3 client of one target, built on first use. The client itself retries single requests
 * (throttling, 5xx, a reset connection) a few times; {@link dev.backstop.target.RetryingTarget}
 * retries whole operations on top. Checksums are only those backstop sets itself (SHA-256 in a
 * header), which every S3-compatible service that knows checksums understands and the others
 * ignore; the SDK's own trailing checksums are off, as some services refuse them.
 */
final class S3Connection implements AutoCloseable {

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
