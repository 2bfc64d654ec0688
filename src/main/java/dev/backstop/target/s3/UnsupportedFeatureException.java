package dev.backstop.target.s3;

import java.io.IOException;

/**
 * The service refused a request because it does not implement something the request asked for
 * (HTTP 501, or 400 NotImplemented / an unknown or unsupported header). Permanent: the same request
 * fails the same way every time, so it is never retried.
 */
final class UnsupportedFeatureException extends IOException {

    UnsupportedFeatureException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The same refusal, with what the administrator can do about it. */
    UnsupportedFeatureException withHint(String hint) {
        UnsupportedFeatureException e = new UnsupportedFeatureException(getMessage() + "; " + hint, getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }
}
