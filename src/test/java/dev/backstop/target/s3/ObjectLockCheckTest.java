package dev.backstop.target.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.AccessDeniedException;
import org.junit.jupiter.api.Test;

/** A deletion the bucket refuses: object lock or missing permission, each said plainly. */
class ObjectLockCheckTest {

    private static final String WHERE = "bucket 'b' at https://s3.example";

    private static ObjectLockCheck withLock(String lock) {
        return new ObjectLockCheck(null, "b", WHERE) {
            @Override
            synchronized String objectLock() {
                return lock;
            }
        };
    }

    @Test
    void explainRefusal_bucketWithObjectLock_saysTheSetStaysUntilItsRetentionEnds() {
        var e = withLock("enabled, COMPLIANCE mode, 30 days").explainRefusal("deleting h/2025/11/04/x/MANIFEST.json",
                "AccessDenied", "Access Denied because object protected by object lock.");

        assertThat(e).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("deleting h/2025/11/04/x/MANIFEST.json")
                .hasMessageContaining("S3 Object Lock (enabled, COMPLIANCE mode, 30 days)")
                .hasMessageContaining("does not bypass a lock")
                .hasMessageContaining("later prune");
    }

    @Test
    void explainRefusal_noLock_namesTheMissingPermission() {
        var e = withLock(null).explainRefusal("deleting k", "AccessDenied", "Access Denied");

        assertThat(e).isInstanceOf(AccessDeniedException.class).hasMessageContaining("s3:DeleteObject")
                .hasMessageNotContaining("Object Lock");
    }

    @Test
    void explainRefusal_otherCode_isAPlainRefusal() {
        var e = withLock("enabled").explainRefusal("deleting k", "InternalError", "We encountered an internal error");

        assertThat(e).isNotInstanceOf(AccessDeniedException.class).hasMessageContaining("InternalError")
                .hasMessageContaining(WHERE);
    }
}
