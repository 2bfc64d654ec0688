package dev.backstop.history;

import java.time.Instant;

/**
 * One delivery attempt of a notifier, as history records it.
 *
 * @param notifier which notifier: its type and where it sends, without secrets
 * @param event    the event it reported (success, failure, anomaly, recovery, start)
 * @param ok       whether the message was accepted by the server
 * @param detail   why it failed, or what accepted it; null when there is nothing to say
 * @param sentAt   when the attempt ended
 */
public record NotificationRecord(String notifier, String event, boolean ok, String detail, Instant sentAt) {
}
