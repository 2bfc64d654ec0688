package dev.backstop.notify;

import dev.backstop.core.Findings;
import java.time.Duration;
import java.util.Optional;

/**
 * One configured way of telling people about runs.
 *
 * <p>Contract: a method either returns once every message it chose to send was accepted by the
 * server, or throws {@link NotifyException} saying why not (refused, unreachable, timed out). It
 * never waits much longer than {@code timeout} and never puts a secret in a message. Not
 * idempotent: each call sends again. {@link Dispatcher} calls notifiers; nothing else should.
 */
public interface Notifier {

    /** Type and destination without secrets, for logs and history: {@code email to ops@example.com}. */
    String describe();

    /**
     * The checks of what a delivery reads locally (a password file present and private, a
     * password variable set, a trust file that holds certificates), for {@code config check}:
     * each problem is added to {@code findings} with the message a failed delivery would give.
     * Sends nothing and connects nowhere. Default: nothing to check.
     */
    default void check(Findings findings) {
    }

    /**
     * Called when a run starts (the healthchecks-style start ping).
     *
     * @return what was sent, or empty when this notifier sends nothing at the start
     */
    default Optional<String> started(String runId, Duration timeout) throws NotifyException {
        return Optional.empty();
    }

    /**
     * Called once a run has ended, with its real outcome. The notifier sends what its {@code on:}
     * asks for these events (and pings, which every run sends).
     *
     * @return what was sent, or empty when this notifier has nothing to say about these events
     */
    Optional<String> finished(RunNotice notice, Duration timeout) throws NotifyException;
}
