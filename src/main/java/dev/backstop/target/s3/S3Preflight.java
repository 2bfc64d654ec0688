package dev.backstop.target.s3;

import dev.backstop.core.Findings;
import dev.backstop.core.TargetException;
import dev.backstop.target.WriteProbe;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Preflight of an S3 target, before any dump starts: the keys are there (a credentials file is
 * private), the bucket exists and the keys may use it, and the prefix takes a write, a rename
 * (copy and delete) and a delete. Object stores do not tell free space: the answer is -1. The
 * part that needs no network is {@link #check}, which {@code config check} runs alone.
 */
final class S3Preflight {

    private final S3Target target;
    private final S3Config config;
    private final S3Connection connection;
    private final ChecksumChoice checksum;

    S3Preflight(S3Target target, S3Config config, S3Connection connection, ChecksumChoice checksum) {
        this.target = target;
        this.config = config;
        this.connection = connection;
        this.checksum = checksum;
    }

    long run() throws TargetException {
        String where = where(config);
        Findings offline = new Findings();
        check(config, connection, offline);
        offline.throwErrors(TargetException::new);
        headBucket(where);
        probe(where);
        return -1;
    }

    /** How messages name the target: {@code target 'objects' (s3) s3://bucket/prefix at http://minio:9000}. */
    static String where(S3Config config) {
        return "target '" + config.name() + "' (s3) " + config.address();
    }

    /** The check that needs no network: the keys are there, a credentials file is private. */
    static void check(S3Config config, S3Connection connection, Findings findings) {
        findings.error(where(config) + ": ", connection::credentials);
    }

    private void headBucket(String where) throws TargetException {
        try {
            connection.client().headBucket(b -> b.bucket(config.bucket()));
        } catch (S3Exception e) {
            // HEAD answers carry no error code: the status says it all
            String why = switch (e.statusCode()) {
                case 404 -> "the bucket '" + config.bucket() + "' does not exist; create it (mc mb, s3cmd mb,"
                        + " aws s3 mb), or correct bucket: and endpoint:";
                case 403 -> "access denied to bucket '" + config.bucket() + "' (HTTP 403): the access key or secret"
                        + " key is wrong, or the key may not use this bucket";
                case 301 -> "the bucket is in another region than '" + config.region() + "'"
                        + (e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null ? "; correct region:"
                        : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region")
                        .map(r -> " (it is in " + r + "; set region: " + r + ")").orElse("; correct region:"));
                default -> null;
            };
            if (why != null) {
                throw new TargetException(where + ": " + why, e);
            }
            throw failure(where, S3Errors.map(e, "checking the bucket", connection.where()));
        } catch (SdkException e) {
            throw failure(where, S3Errors.map(e, "checking the bucket", connection.where()));
        } catch (IOException e) {
            throw new TargetException(where + ": " + e.getMessage(), e);
        }
    }

    private static TargetException failure(String where, IOException e) {
        return new TargetException(where + ": " + S3Errors.describe(e), e);
    }

    /**
     * The write probe; with {@code checksum: auto} and nothing remembered, it is also what finds the
     * checksum: SHA-256 first, Content-MD5 when the service refuses the SHA-256 header.
     */
    private void probe(String where) throws TargetException {
        boolean probing = checksum.needsProbe();
        try {
            try {
                WriteProbe.run(target);
            } catch (UnsupportedFeatureException e) {
                if (!probing) {
                    throw e;
                }
                checksum.fallBack();
                WriteProbe.run(target);
            }
            if (probing) {
                checksum.found();
            }
        } catch (IOException e) {
            throw new TargetException(where + ": not writable (probe write, copy, delete failed): "
                    + S3Errors.describe(e), e);
        }
    }
}
