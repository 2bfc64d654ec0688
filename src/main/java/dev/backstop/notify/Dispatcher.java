package dev.backstop.notify;

import dev.backstop.config.NotifyConfig;
import dev.backstop.core.EventLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Delivers to every notifier at once, each in its own thread under its timeout, and reports what
 * happened. Never throws and never blocks much beyond the longest timeout: a notifier that hangs
 * is abandoned (its daemon thread cannot keep the process alive). Failures are logged here and
 * returned, so the caller records them; they never change a run's outcome.
 */
public final class Dispatcher {

    /** Grace beyond a notifier's own timeout before it is abandoned. */
    private static final Duration GRACE = Duration.ofSeconds(2);

    /**
     * One delivery attempt.
     *
     * @param notifier the notifier, described without secrets
     * @param event    start, or the events of the run joined with '+'
     * @param ok       true when the server accepted everything sent
     * @param detail   what was sent, or why it failed
     */
    public record Delivery(String notifier, String event, boolean ok, String detail) {
    }

    private final List<Notifier> notifiers;
    private final List<Duration> timeouts;
    private final EventLog log;

    /** The configured notifiers; passwords are read from {@code env} when a mail is sent. */
    public Dispatcher(List<NotifyConfig> configs, Function<String, String> env, EventLog log) {
        this(Notifiers.create(configs, env), configs.stream().map(NotifyConfig::timeout).toList(), log);
    }

    Dispatcher(List<Notifier> notifiers, List<Duration> timeouts, EventLog log) {
        this.notifiers = List.copyOf(notifiers);
        this.timeouts = List.copyOf(timeouts);
        this.log = log;
    }

    public boolean isEmpty() {
        return notifiers.isEmpty();
    }

    /** Start pings; only notifiers that send one appear in the result. */
    public List<Delivery> started(String runId, Duration budget) {
        return deliver("start", budget, (n, t) -> n.started(runId, t));
    }

    /** Reports a finished run; only notifiers that sent something (or failed to) appear in the result. */
    public List<Delivery> finished(RunNotice notice, Duration budget) {
        String event = String.join("+", notice.events().stream().sorted().map(NotifyConfig.Event::word).toList());
        return deliver(event, budget, (n, t) -> n.finished(notice, t));
    }

    @FunctionalInterface
    private interface Send {
        Optional<String> to(Notifier n, Duration timeout) throws NotifyException;
    }

    private List<Delivery> deliver(String event, Duration budget, Send send) {
        List<FutureTask<Optional<String>>> tasks = new ArrayList<>();
        List<Duration> limits = new ArrayList<>();
        for (int i = 0; i < notifiers.size(); i++) {
            Notifier n = notifiers.get(i);
            Duration limit = timeouts.get(i).compareTo(budget) < 0 ? timeouts.get(i) : budget;
            FutureTask<Optional<String>> task = new FutureTask<>(() -> send.to(n, limit));
            Thread t = new Thread(task, "notify-" + i);
            t.setDaemon(true);
            t.start();
            tasks.add(task);
            limits.add(limit);
        }
        List<Delivery> out = new ArrayList<>();
        for (int i = 0; i < notifiers.size(); i++) {
            String who = notifiers.get(i).describe();
            Delivery d;
            try {
                Optional<String> sent = tasks.get(i).get(limits.get(i).plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
                d = sent.map(text -> new Delivery(who, event, true, text)).orElse(null);
            } catch (TimeoutException e) {
                tasks.get(i).cancel(true);
                d = new Delivery(who, event, false, "no answer within " + limits.get(i).toSeconds() + " s; given up");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                d = new Delivery(who, event, false, cause instanceof NotifyException ? cause.getMessage()
                        : "internal error: " + cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                tasks.get(i).cancel(true);
                d = new Delivery(who, event, false, "interrupted before it finished");
            }
            if (d != null) {
                if (d.ok()) {
                    log.info("notify: " + who + ": " + d.detail());
                } else {
                    log.error("notify: " + who + " failed (the run's outcome stands): " + d.detail());
                }
                out.add(d);
            }
        }
        return out;
    }
}
