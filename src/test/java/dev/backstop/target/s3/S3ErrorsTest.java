package dev.backstop.target.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.target.TransientIOException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which answers of a service are retried, and what the others become. */
class S3ErrorsTest {

    private static final String WHERE = "bucket 'b' at http://127.0.0.1:9000";

    private static S3Exception answer(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("said " + code).build())
                .message("said " + code).build();
    }

    @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
    @CsvSource({
            "500, InternalError, transient",
            "503, SlowDown, transient",
            "502, '', transient",
            "400, RequestTimeout, transient",
            "403, AccessDenied, denied",
            "403, SignatureDoesNotMatch, denied",
            "403, InvalidAccessKeyId, denied",
            "404, NoSuchKey, missing",
            "404, NoSuchBucket, permanent",
            "400, BadDigest, transient",
            "400, XAmzContentSHA256Mismatch, transient",
            "409, BucketNotEmpty, permanent"})
    void map_serviceAnswer_isClassified(int status, String code, String kind) {
        IOException e = S3Errors.map(answer(status, code.isEmpty() ? null : code), "writing k", WHERE);

        switch (kind) {
            case "transient" -> assertThat(e).isInstanceOf(TransientIOException.class);
            case "denied" -> assertThat(e).isInstanceOf(AccessDeniedException.class).hasMessageContaining("access denied");
            case "missing" -> assertThat(e).isInstanceOf(NoSuchFileException.class);
            default -> assertThat(e).isNotInstanceOfAny(TransientIOException.class, AccessDeniedException.class,
                    NoSuchFileException.class);
        }
        assertThat(e).hasMessageContaining("writing k");
    }

    @ParameterizedTest(name = "HTTP {0} {1}: {2}")
    @CsvSource({
            "501, NotImplemented, A header you provided implies functionality that is not implemented.",
            "501, '', ''",
            "400, InvalidArgument, Unsupported header 'x-amz-checksum-crc32' received for this API call.",
            "400, InvalidRequest, x-amz-checksum-sha256 is not supported",
            "400, NotImplemented, Header x-amz-checksum-sha256 with value is not implemented"})
    void map_featureTheServiceDoesNotImplement_isPermanentAndSaysSo(int status, String code, String message) {
        S3Exception refusal = (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code.isEmpty() ? null : code)
                        .errorMessage(message).build()).message(message).build();

        IOException e = S3Errors.map(refusal, "writing k", WHERE);

        assertThat(e).isInstanceOf(UnsupportedFeatureException.class).isNotInstanceOf(TransientIOException.class)
                .hasMessageContaining("writing k").hasMessageContaining("does not implement");
    }

    @org.junit.jupiter.api.Test
    void map_otherInvalidArgument_isNoUnsupportedFeature() {
        S3Exception e = (S3Exception) S3Exception.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("InvalidArgument").errorMessage("Invalid storage class").build()).build();

        assertThat(S3Errors.map(e, "writing k", WHERE)).isNotInstanceOf(UnsupportedFeatureException.class);
    }

    @org.junit.jupiter.api.Test
    void map_missingBucket_saysHowToFixIt() {
        assertThat(S3Errors.map(answer(404, "NoSuchBucket"), "writing k", WHERE))
                .hasMessageContaining("the bucket does not exist at " + WHERE).hasMessageContaining("create it");
    }

    @org.junit.jupiter.api.Test
    void map_badDigest_saysTheBytesChanged() {
        assertThat(S3Errors.map(answer(400, "BadDigest"), "writing k", WHERE))
                .hasMessageContaining("do not match their checksum");
    }

    @org.junit.jupiter.api.Test
    void map_connectionReset_isTransient() {
        SdkClientException e = SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(new SocketException("Connection reset")).build();

        assertThat(S3Errors.map(e, "reading k", WHERE)).isInstanceOf(TransientIOException.class)
                .hasMessageContaining("no answer from " + WHERE).hasMessageContaining("Connection reset");
    }

    @org.junit.jupiter.api.Test
    void map_clientProblemWithoutIo_isPermanent() {
        SdkClientException e = SdkClientException.builder().message("Unable to marshall request").build();

        assertThat(S3Errors.map(e, "reading k", WHERE)).isNotInstanceOf(TransientIOException.class);
    }
}
