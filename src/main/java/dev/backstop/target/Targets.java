package dev.backstop.target;

import dev.backstop.core.EventLog;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The decorators every run puts around a target, composed in one place, and closing them. */
public final class Targets {

    private Targets() {
    }

    /**
     * A bare target as runs use it: wrapped once in a {@link RetryingTarget} when its kind retries
     * transient failures, each retry logged to {@code log} (null: not logged).
     */
    public static Target decorate(Target bare, Optional<Backoff> retries, EventLog log) {
        if (retries.isEmpty()) {
            return bare;
        }
        return new RetryingTarget(bare, retries.get(), log == null ? message -> { } : log::warn);
    }

    /** Closes every target; a failure to close is logged, never thrown. */
    public static void closeAll(List<Target> targets, EventLog log) {
        for (Target t : targets) {
            try {
                t.close();
            } catch (IOException | RuntimeException e) {
                log.warn("target " + t.name() + ": closing failed: " + e.getMessage());
            }
        }
    }
}
