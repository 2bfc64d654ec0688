package dev.backstop.run;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.TargetConfig;
import dev.backstop.core.EventLog;
import dev.backstop.core.TargetException;
import dev.backstop.history.HistoryStore;
import dev.backstop.retention.RetentionExecutor;
import dev.backstop.target.Target;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code backstop prune}: retention on demand, under the run lock so that no run writes
 * meanwhile. With dry run, plans and reports without removing anything.
 */
public final class Pruning {

    private Pruning() {
    }

    /**
     * Applies (or, with {@code dryRun}, only plans) retention on each of {@code targets}.
     *
     * @return one result per target, in order, and whether a removal failed
     * @throws dev.backstop.core.LockedException a run holds the lock; nothing was touched
     * @throws TargetException                   a target cannot be listed (the targets before it
     *                                           were pruned already; their results are logged)
     */
    public static PruneReport prune(BackstopConfig config, List<Target> targets, boolean dryRun, Clock clock,
                                    EventLog log)
            throws dev.backstop.core.BackstopException, IOException {
        StateDirectory.prepare(config.stateDir());
        try (RunLock lock = RunLock.acquire(config.lockFile());
             HistoryStore history = HistoryStore.open(config.historyFile())) {
            RetentionExecutor executor = new RetentionExecutor(history, clock, log);
            List<RetentionExecutor.Result> results = new ArrayList<>();
            for (Target t : targets) {
                TargetConfig tc = config.targets().stream().filter(c -> c.name().equals(t.name())).findFirst()
                        .orElseThrow();
                results.add(executor.apply(t, config.host(), tc.retention(), dryRun));
            }
            return new PruneReport(dryRun, results);
        }
    }
}
