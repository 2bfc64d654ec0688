package dev.backstop.run;

import dev.backstop.config.BackstopConfig;
import dev.backstop.core.EventLog;
import dev.backstop.core.Progress;
import dev.backstop.target.Target;
import java.time.Clock;
import java.util.List;

/**
 * What the verify, restore-test and restore workflows work with; the command that calls one
 * builds it.
 *
 * @param config       the loaded configuration: host, state directory, history file, notifiers,
 *                     the database sources
 * @param targets      every configured target, open; the caller closes them
 * @param clock        the time of reports and history rows
 * @param log          events, on standard error
 * @param progress     progress of long downloads ({@link Progress#NONE} without a terminal)
 * @param cancellation the stop request of a signal, which the workflow turns into its exception
 */
public record WorkflowContext(BackstopConfig config, List<Target> targets, Clock clock, EventLog log,
                              Progress progress, Cancellation cancellation) {

    public WorkflowContext {
        targets = List.copyOf(targets);
    }
}
