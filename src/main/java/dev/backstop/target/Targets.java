package dev.backstop.target;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.TargetConfig;
import dev.backstop.core.EventLog;
import dev.backstop.target.local.LocalTarget;
import dev.backstop.target.s3.S3Target;
import dev.backstop.target.sftp.SftpTarget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry of target types: the one place that knows every implementation. The
 * configuration has already refused unknown types, naming the known ones.
 */
public final class Targets {

    private Targets() {
    }

    /** Builds the targets in configuration order; nothing connects yet. Retries are not logged. */
    public static List<Target> create(BackstopConfig config) {
        return create(config, null);
    }

    /**
     * Builds the targets in configuration order; nothing connects yet. Targets reached over a
     * network are wrapped once in a {@link RetryingTarget}, which logs each retry to {@code log}.
     */
    public static List<Target> create(BackstopConfig config, EventLog log) {
        List<Target> targets = new ArrayList<>();
        for (TargetConfig tc : config.targets()) {
            if (tc instanceof TargetConfig.Local local) {
                targets.add(new LocalTarget(local));
            } else if (tc instanceof TargetConfig.Sftp sftp) {
                Backoff backoff = new Backoff(sftp.retries(), sftp.retryDelay(), Backoff.DEFAULT_MAX_DELAY, sftp.retryBudget());
                targets.add(new RetryingTarget(new SftpTarget(sftp, config.stateDir()), backoff,
                        log == null ? message -> { } : log::warn));
            } else if (tc instanceof TargetConfig.S3 s3) {
                Backoff backoff = new Backoff(s3.retries(), s3.retryDelay(), Backoff.DEFAULT_MAX_DELAY, s3.retryBudget());
                targets.add(new RetryingTarget(new S3Target(s3), backoff, log == null ? message -> { } : log::warn));
            } else {
                throw new IllegalStateException("no target implementation for type " + tc.type());
            }
        }
        return targets;
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
