package dev.backstop.run;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.NotifyConfig;
import dev.backstop.core.EventLog;
import dev.backstop.core.Version;
import dev.backstop.history.VerificationRecord;
import dev.backstop.notify.Dispatcher;
import dev.backstop.notify.MessageText;
import dev.backstop.notify.RunNotice;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tells the configured notifiers how a {@code verify} or {@code restore-test} ended, with the
 * events of runs: failure when it found a problem, success when not, and recovery with the
 * first success after a failed check of the same kind. Each notifier's {@code on:} chooses;
 * pings stay with runs. Never throws and never changes the command's exit code.
 */
public final class CheckNotifying {

    /**
     * A finished check.
     *
     * @param kind     {@link RunNotice#VERIFY} or {@link RunNotice#RESTORE_TEST}
     * @param host     host namespace
     * @param backupId the backup a restore-test took; null for verify
     * @param ok       no failing finding
     * @param exitCode the command's exit code
     * @param result   its summary line, as the command prints it
     * @param started  when it started
     * @param finished when it ended
     * @param bytes    bytes read from the targets
     * @param findings one line per finding
     */
    public record Check(String kind, String host, String backupId, boolean ok, int exitCode, String result,
                        Instant started, Instant finished, long bytes, List<String> findings, boolean notRun) {

        /** A check that ran. */
        public Check(String kind, String host, String backupId, boolean ok, int exitCode, String result,
                     Instant started, Instant finished, long bytes, List<String> findings) {
            this(kind, host, backupId, ok, exitCode, result, started, finished, bytes, findings, false);
        }

        /**
         * A check that could not run here (its environment, not the backup): outcome "not run",
         * told to the notifiers of failures, with exit code 4 and the reason.
         */
        public static Check notRun(String kind, String host, String result, Instant started, Instant finished) {
            return new Check(kind, host, null, false, 4, result, started, finished, 0, List.of("WARNING " + result),
                    true);
        }
    }

    private CheckNotifying() {
    }

    /**
     * Sends {@code check} to every notifier that wants its events.
     *
     * @param previous the check of the same kind before this one, if any: recovery is a success after a failure
     * @return the deliveries, also logged; empty without notifiers
     */
    public static List<Dispatcher.Delivery> send(BackstopConfig config, Check check, Optional<VerificationRecord> previous,
                                                 EventLog log) {
        Dispatcher dispatcher = new Dispatcher(config.notifiers(), System::getenv, log);
        if (dispatcher.isEmpty()) {
            return List.of();
        }
        boolean interrupted = Thread.interrupted();
        try {
            RunNotice notice = new RunNotice(MessageText.checkLine(check.host(), check.result()), check.kind(),
                    check.host(), check.backupId(), check.ok() ? "success" : check.notRun() ? CheckHistory.NOT_RUN : "failed",
                    check.exitCode(),
                    events(check.ok(), previous), check.ok() ? null : check.result(), check.started(), check.finished(),
                    check.bytes(), List.of(), List.of(), List.of(), List.of(), check.findings(), Version.get());
            return dispatcher.finished(notice, Notifying.BUDGET);
        } catch (RuntimeException e) {
            log.error("notify: could not notify about " + check.kind() + " (its result stands): " + e);
            return List.of();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Set<NotifyConfig.Event> events(boolean ok, Optional<VerificationRecord> previous) {
        if (!ok) {
            return EnumSet.of(NotifyConfig.Event.FAILURE);
        }
        boolean recovered = previous.map(p -> !CheckHistory.OK.equals(p.outcome())).orElse(false);
        return recovered ? EnumSet.of(NotifyConfig.Event.SUCCESS, NotifyConfig.Event.RECOVERY)
                : EnumSet.of(NotifyConfig.Event.SUCCESS);
    }
}
