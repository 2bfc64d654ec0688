package dev.backstop.run;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.NotifyConfig;
import dev.backstop.core.EventLog;
import dev.backstop.core.Version;
import dev.backstop.logarchive.LogArchiveWatcher;
import dev.backstop.notify.Dispatcher;
import dev.backstop.notify.MessageText;
import dev.backstop.notify.RunNotice;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Tells the configured notifiers when an archiver sees a gap or falls further behind than
 * {@code max_lag}, or when an archiver service is found stopped (the failure event), and when that
 * is over (success and recovery), as a notice
 * of kind {@link RunNotice#LOG_ARCHIVE}. Deliveries go on a thread of their own, one after the
 * other, so that a slow mail server never holds the archiving up; nothing here throws into it.
 */
final class LogArchiveNotifying implements LogArchiveWatcher, AutoCloseable {

    private final String host;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final EventLog log;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "archive-logs-notify");
        t.setDaemon(true);
        return t;
    });

    LogArchiveNotifying(BackstopConfig config, Clock clock, EventLog log) {
        this(config.host(), new Dispatcher(config.notifiers(), System::getenv, log), clock, log);
    }

    LogArchiveNotifying(String host, Dispatcher dispatcher, Clock clock, EventLog log) {
        this.host = host;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.log = log;
    }

    @Override
    public void changed(String source, Problem problem, boolean active, String message) {
        if (dispatcher.isEmpty()) {
            return;
        }
        RunNotice notice = notice(host, problem, active, message, clock.instant());
        try {
            sender.execute(() -> {
                try {
                    dispatcher.finished(notice, Notifying.BUDGET);
                } catch (RuntimeException e) {
                    log.error("notify: could not tell about the log archive of " + source + " (archiving goes on): " + e);
                }
            });
        } catch (RuntimeException e) {
            log.error("notify: could not tell about the log archive of " + source + " (archiving goes on): " + e);
        }
    }

    /** The notice of a problem that begins (failure) or ends (success and recovery). */
    static RunNotice notice(String host, Problem problem, boolean active, String message, Instant now) {
        Set<NotifyConfig.Event> events = active ? EnumSet.of(NotifyConfig.Event.FAILURE)
                : EnumSet.of(NotifyConfig.Event.SUCCESS, NotifyConfig.Event.RECOVERY);
        String what = switch (problem) {
            case GAP -> active ? "log archive gap: " : "log archive gap over: ";
            case LAG -> active ? "log archive lag: " : "log archive lag over: ";
            case STOPPED -> active ? "log archiver stopped: " : "log archiver running again: ";
        };
        return new RunNotice(MessageText.checkLine(host, what + message), RunNotice.LOG_ARCHIVE, host, null,
                active ? "failed" : "success", active ? 2 : 0, events, active ? message : null, now, now, 0, List.of(),
                List.of(), List.of(), List.of(), List.of(message), Version.get());
    }

    /** Lets the notices under way finish, for at most the budget of one. */
    @Override
    public void close() throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(Notifying.BUDGET.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    }
}
