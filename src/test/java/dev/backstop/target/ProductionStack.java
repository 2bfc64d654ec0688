package dev.backstop.target;

import java.time.Duration;
import java.util.Optional;

/** The decorators runs put around a remote target, with retries short enough for a test. */
public final class ProductionStack {

    /** Three retries in at most ten seconds; runs read theirs from the target's configuration. */
    public static final Backoff QUICK_RETRIES = new Backoff(3, Duration.ofMillis(20), Duration.ofMillis(200),
            Duration.ofSeconds(10));

    private ProductionStack() {
    }

    public static Target around(Target bare) {
        return Targets.decorate(bare, Optional.of(QUICK_RETRIES), null);
    }
}
