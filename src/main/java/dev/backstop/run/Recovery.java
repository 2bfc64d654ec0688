package dev.backstop.run;

import dev.backstop.core.EventLog;
import dev.backstop.target.BackupSetCommitter;
import dev.backstop.target.Target;
import dev.backstop.core.TargetException;
import java.util.List;

/**
 * Step 3 of a run: clean up after a run that was killed. Holding the lock proves that no
 * partial set on a target is still being written, so every one is garbage.
 */
final class Recovery {

    private Recovery() {
    }

    static void sweep(List<Target> targets, String host, EventLog log) {
        for (Target t : targets) {
            try {
                for (String swept : new BackupSetCommitter().sweepPartials(t, host)) {
                    log.warn("target " + t.name() + ": removed " + swept + " left by an interrupted run");
                }
            } catch (TargetException e) {
                // a sweep that fails now is retried by the next run; it must not stop this backup
                log.warn("target " + t.name() + ": could not sweep partial sets: " + e.getMessage());
            }
        }
    }
}
