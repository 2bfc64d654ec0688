/**
 * Notifications: e-mail (SMTP) and webhooks (JSON POST, healthchecks-style pings) about how a run
 * ended. {@link dev.backstop.notify.Notifiers} lists every notifier type;
 * {@link dev.backstop.notify.Dispatcher} delivers under a deadline and never throws, so a
 * notifier can neither break a run nor change its outcome.
 */
package dev.backstop.notify;
