package dev.backstop.target.s3;

import dev.backstop.target.TransientIOException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Set;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns what the S3 client throws into the exceptions of the Target contract. Transient, and so
 * retried: no answer at all (connection refused, reset or cut, timeouts), 5xx, throttling, a
 * request timeout, and bytes the service received other than they were sent (a checksum or
 * payload signature that does not match). Permanent: access denied or a bad signature (wrong
 * keys), a missing bucket, a feature it does not implement (501, or a header it does not
 * know: {@link UnsupportedFeatureException}), anything else the service answered. A missing key is a
 * {@link NoSuchFileException}, a refusal an {@link AccessDeniedException}.
 */
final class S3Errors {

    private static final Set<String> THROTTLED = Set.of("SlowDown", "Throttling", "ThrottlingException",
            "RequestTimeout", "RequestTimeTooSkewed", "InternalError", "ServiceUnavailable", "RequestLimitExceeded");
    private static final Set<String> DENIED = Set.of("AccessDenied", "SignatureDoesNotMatch", "InvalidAccessKeyId",
            "InvalidToken", "ExpiredToken", "AllAccessDisabled", "AccountProblem");
    private static final Set<String> BAD_CHECKSUM = Set.of("BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch",
            "XAmzContentChecksumMismatch", "InvalidChecksum");

    private S3Errors() {
    }

    /**
     * @param what  the operation and its key, e.g. {@code writing backups/h/x}
     * @param where the bucket and endpoint, for the messages that need them
     */
    static IOException map(SdkException e, String what, String where) {
        if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
            InterruptedIOException i = new InterruptedIOException(what + ": interrupted");
            i.initCause(e);
            return i;
        }
        if (e instanceof AwsServiceException s) {
            return service(s, what, where);
        }
        if (e instanceof SdkServiceException s) {
            return status(s.statusCode(), null, s.getMessage(), what, where, e);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
                || e instanceof SdkClientException && hasIoCause(e)) {
            return new TransientIOException(what + ": no answer from " + where + ": " + rootMessage(e), e);
        }
        return new IOException(what + ": " + firstLine(e.getMessage()), e);
    }

    private static IOException service(AwsServiceException s, String what, String where) {
        String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
        String message = s.awsErrorDetails() == null ? s.getMessage() : s.awsErrorDetails().errorMessage();
        return status(s.statusCode(), code, message, what, where, s);
    }

    static IOException status(int status, String code, String message, String what, String where, Throwable cause) {
        String said = (code == null ? "HTTP " + status : code + ", HTTP " + status)
                + (message == null || message.isBlank() ? "" : ": " + firstLine(message));
        if (unsupported(status, code, message)) {
            return new UnsupportedFeatureException(what + ": the service does not implement what the request asked"
                    + " for (" + said + ")", cause);
        }
        if (code != null && BAD_CHECKSUM.contains(code)) {
            // sent again from the part in memory: bytes changed on the way once are not changed the next time
            return new TransientIOException(what + ": the service refused the upload because the bytes it received"
                    + " do not match their checksum (" + said + "); they were changed on the way", cause);
        }
        if (code != null && THROTTLED.contains(code) || status >= 500) {
            return new TransientIOException(what + ": the service is busy or failing (" + said + ")", cause);
        }
        if (code != null && DENIED.contains(code) || status == 403) {
            String fix = "SignatureDoesNotMatch".equals(code)
                    ? "the secret key is wrong, or the request was changed on the way (a proxy in between?)"
                    : "check the access key and secret key, and that they may read, write, list and delete in the bucket";
            AccessDeniedException denied = new AccessDeniedException(what, null, "access denied by " + where + " ("
                    + said + "); " + fix);
            denied.initCause(cause);
            return denied;
        }
        if ("NoSuchBucket".equals(code)) {
            return new IOException(what + ": the bucket does not exist at " + where + " (" + said
                    + "); create it, or correct bucket: and endpoint:", cause);
        }
        if ("NoSuchKey".equals(code) || status == 404 && code == null) {
            NoSuchFileException missing = new NoSuchFileException(what, null, "no such object");
            missing.initCause(cause);
            return missing;
        }

        return new IOException(what + ": " + said, cause);
    }

    /**
     * 501 Not Implemented, or a 400 that says a header or feature is not supported (Backblaze B2:
     * "Unsupported header", Cloudflare R2 and older MinIO: NotImplemented, Ceph: InvalidArgument
     * about an x-amz-checksum header).
     */
    private static boolean unsupported(int status, String code, String message) {
        if (status == 501 || "NotImplemented".equals(code)) {
            return true;
        }
        if (status != 400 || message == null) {
            return false;
        }
        String m = message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("unsupported header") || m.contains("unknown header") || m.contains("not implemented")
                || ("InvalidArgument".equals(code) || "InvalidRequest".equals(code)) && m.contains("x-amz-checksum");
    }

    /** True when the service says the bytes it received are not those the request's checksum or signature covers. */
    static boolean changedOnTheWay(S3Exception e) {
        return e.awsErrorDetails() != null && BAD_CHECKSUM.contains(e.awsErrorDetails().errorCode());
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + firstLine(m));
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass() == IOException.class && message != null ? message
                : e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
