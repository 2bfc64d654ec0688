package dev.backstop.run;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.NotifyConfig;
import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.EventLog;
import dev.backstop.core.ExitCode;
import dev.backstop.core.RunOutcome;
import dev.backstop.core.Version;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.NotificationRecord;
import dev.backstop.history.RunRecord;
import dev.backstop.notify.Dispatcher;
import dev.backstop.notify.MessageText;
import dev.backstop.notify.RunNotice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Step 8 of a run, the last: tells the configured notifiers how the run really ended, and
 * records every delivery in history. Nothing here throws or changes the run's outcome.
 */
final class Notifying {

    /** An interrupted run must finish within the ten seconds of the signal watchdog. */
    static final Duration INTERRUPTED_BUDGET = Duration.ofSeconds(5);
    static final Duration BUDGET = Duration.ofMinutes(1);

    private final Dispatcher dispatcher;
    private final HistoryStore history;
    private final Clock clock;
    private final EventLog log;

    Notifying(BackstopConfig config, HistoryStore history, Clock clock, EventLog log) {
        this.dispatcher = new Dispatcher(config.notifiers(), System::getenv, log);
        this.history = history;
        this.clock = clock;
        this.log = log;
    }

    void started(String runId) {
        if (!dispatcher.isEmpty()) {
            record(runId, dispatcher.started(runId, BUDGET));
        }
    }

    /** Reports a run that got as far as the targets. */
    void finished(RunReport r) {
        List<RunNotice.TargetLine> targets = r.targets().stream()
                .map(t -> new RunNotice.TargetLine(t.target(), t.state(), t.path(), t.verified(), t.reason())).toList();
        send(r.id(), r.host(), r.outcome(), r.exitCode(), r.fullReason(), r.started(), r.finished(), r.components(),
                targets, r.anomalies(), r.warnings(), BUDGET);
    }

    /** Reports a run that stopped before the targets (preflight, a source, an interrupt, a bug). */
    void failed(String id, String host, RunOutcome outcome, int exitCode, String reason, Instant started) {
        send(id, host, outcome, exitCode, reason, started, clock.instant(), List.of(), List.of(), List.of(), List.of(),
                outcome == RunOutcome.INTERRUPTED ? INTERRUPTED_BUDGET : BUDGET);
    }

    private void send(String id, String host, RunOutcome outcome, int exitCode, String reason, Instant started,
                      Instant finished, List<ComponentEntry> components, List<RunNotice.TargetLine> targets,
                      List<AnomalyFinding> anomalies, List<String> warnings, Duration budget) {
        if (dispatcher.isEmpty()) {
            return;
        }
        // the run's own interrupt must not cut the delivery short; it is restored afterwards
        boolean interrupted = Thread.interrupted();
        try {
            String summary = MessageText.firstLine(host, id, outcome.word(), reason);
            RunNotice notice = new RunNotice(summary, host, id, outcome.word(), exitCode, events(id, outcome, exitCode),
                    reason,
                    started, finished, components.stream().mapToLong(ComponentEntry::bytes).sum(), components, targets,
                    anomalies, warnings, Version.get());
            record(id, dispatcher.finished(notice, budget));
        } catch (RuntimeException e) {
            log.error("notify: could not notify (the run's outcome stands): " + e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * success (with recovery when the run before did not succeed), anomaly, or failure. A success
     * that still needs a human (exit 7: its history was rebuilt or could not record it) is told
     * as an anomaly, the event of "stored and verified, but look".
     */
    private Set<NotifyConfig.Event> events(String id, RunOutcome outcome, int exitCode) {
        return switch (outcome) {
            case SUCCESS -> {
                if (exitCode != ExitCode.OK.code()) {
                    yield EnumSet.of(NotifyConfig.Event.ANOMALY);
                }
                RunOutcome previous = previousOutcome(id);
                boolean recovered = previous != null && previous != RunOutcome.SUCCESS && previous != RunOutcome.ANOMALY;
                yield recovered ? EnumSet.of(NotifyConfig.Event.SUCCESS, NotifyConfig.Event.RECOVERY)
                        : EnumSet.of(NotifyConfig.Event.SUCCESS);
            }
            case ANOMALY -> EnumSet.of(NotifyConfig.Event.ANOMALY);
            default -> EnumSet.of(NotifyConfig.Event.FAILURE);
        };
    }

    /** The outcome of the run before this one; null when there is none or history cannot say. */
    private RunOutcome previousOutcome(String id) {
        try {
            return history.recentRuns(10).stream().filter(r -> !r.id().equals(id)).findFirst()
                    .map(RunRecord::outcome).orElse(null);
        } catch (RuntimeException e) {
            // a notification never waits for history: without it, no recovery is claimed
            log.warn("notify: cannot read the run before from history: " + e.getMessage());
            return null;
        }
    }

    private void record(String runId, List<Dispatcher.Delivery> deliveries) {
        for (Dispatcher.Delivery d : deliveries) {
            try {
                history.recordNotification(runId, new NotificationRecord(d.notifier(), d.event(), d.ok(), d.detail(),
                        clock.instant()));
            } catch (RuntimeException e) {
                log.error("notify: could not record the delivery in history: " + e.getMessage());
            }
        }
    }
}
