package dev.backstop.target.s3;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRule;

/**
 * Explains a refused deletion. In a bucket with S3 Object Lock, objects under retention cannot be
 * deleted before it ends, by design: backstop never tries to get around that (no governance
 * bypass), it says so and leaves the set for a later prune.
 */
class ObjectLockCheck {

    private final S3Client client;
    private final String bucket;
    private final String where;
    private String lockDescription;
    private boolean asked;

    ObjectLockCheck(S3Client client, String bucket, String where) {
        this.client = client;
        this.bucket = bucket;
        this.where = where;
    }

    /** The bucket's object lock as words ("enabled, COMPLIANCE mode, 30 days"), or null when there is none. */
    synchronized String objectLock() {
        if (!asked) {
            asked = true;
            try {
                ObjectLockConfiguration c = client.getObjectLockConfiguration(b -> b.bucket(bucket))
                        .objectLockConfiguration();
                lockDescription = c == null || c.objectLockEnabled() != ObjectLockEnabled.ENABLED ? null : describe(c.rule());
            } catch (RuntimeException e) {
                // no lock configuration (or no permission to read it): explained as a plain refusal
                lockDescription = null;
            }
        }
        return lockDescription;
    }

    private static String describe(ObjectLockRule rule) {
        if (rule == null || rule.defaultRetention() == null) {
            return "enabled, retention set per object";
        }
        var r = rule.defaultRetention();
        String period = r.days() != null ? r.days() + " days" : r.years() != null ? r.years() + " years" : "a retention period";
        return "enabled, " + r.modeAsString() + " mode, " + period;
    }

    IOException explainRefusal(String what, String code, String message) {
        String said = code + (message == null || message.isBlank() ? "" : ": " + S3Errors.firstLine(message));
        if (!"AccessDenied".equals(code)) {
            return new IOException(what + ": refused by " + where + " (" + said + ")");
        }
        String lock = objectLock();
        if (lock != null) {
            return new AccessDeniedException(what, null, "refused by " + where + " (" + said + "): the bucket has S3"
                    + " Object Lock (" + lock + "), and the object is still under retention; backstop does not bypass"
                    + " a lock, the set stays and a later prune removes it once its retention has ended (keep the"
                    + " retention rules of this target longer than the lock to avoid this message)");
        }
        return new AccessDeniedException(what, null, "refused by " + where + " (" + said + "); the access key needs"
                + " permission to delete objects (s3:DeleteObject) for retention and cleanup");
    }
}
