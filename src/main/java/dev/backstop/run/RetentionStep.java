package dev.backstop.run;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.TargetConfig;
import dev.backstop.core.EventLog;
import dev.backstop.core.TargetException;
import dev.backstop.history.HistoryStore;
import dev.backstop.retention.RetentionExecutor;
import dev.backstop.target.Target;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 7 of a run: retention on every target, only after a run that succeeded everywhere (never
 * after a failed, partial or anomalous one). A retention problem is a warning of the run, not a
 * failure: the backup itself is complete and verified.
 */
final class RetentionStep {

    private RetentionStep() {
    }

    /** Applies retention; returns the warnings, one per problem. */
    static List<String> apply(BackstopConfig config, List<Target> targets, HistoryStore history, Clock clock,
                              EventLog log) {
        List<String> warnings = new ArrayList<>();
        RetentionExecutor executor = new RetentionExecutor(history, clock, log);
        for (Target t : targets) {
            TargetConfig tc = config.targets().stream().filter(c -> c.name().equals(t.name())).findFirst().orElseThrow();
            if (tc.retention().keepsEverything()) {
                continue;
            }
            try {
                RetentionExecutor.Result r = executor.apply(t, config.host(), tc.retention(), false);
                log.info("target " + t.name() + ": retention kept " + (r.decisions().size() - r.removed()) + ", removed "
                        + r.removed() + (r.orphans().isEmpty() ? "" : " and " + r.orphans().size() + " incomplete set(s)")
                        + (r.logFilesRemoved() == 0 ? "" : " and the segments of " + r.logFilesRemoved()
                                + " archived log file(s)"));
                r.failures().forEach(f -> warnings.add("retention: " + f));
            } catch (TargetException | RuntimeException e) {
                String why = "retention on target " + t.name() + " failed, nothing removed there: " + e.getMessage();
                log.error(why);
                warnings.add(why);
            }
        }
        return warnings;
    }
}
