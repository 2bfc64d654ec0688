package dev.backstop.notify;

import dev.backstop.config.NotifyConfig;
import dev.backstop.core.Findings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The registry of notifier types: the one place that knows every implementation. The
 * configuration has already refused unknown types, naming the known ones.
 */
public final class Notifiers {

    private Notifiers() {
    }

    /** Builds the notifiers in configuration order, reading passwords from the process environment. */
    public static List<Notifier> create(List<NotifyConfig> configs) {
        return create(configs, System::getenv);
    }

    /**
     * Checks what each notifier reads locally, for {@code config check}; every problem goes to
     * {@code findings}. Sends nothing.
     */
    public static void check(List<NotifyConfig> configs, Findings findings) {
        create(configs).forEach(notifier -> notifier.check(findings));
    }

    /** As {@link #create(List)}, with {@code env} standing for the environment. */
    public static List<Notifier> create(List<NotifyConfig> configs, Function<String, String> env) {
        List<Notifier> out = new ArrayList<>();
        for (NotifyConfig c : configs) {
            if (c instanceof NotifyConfig.Email email) {
                out.add(new EmailNotifier(email, env));
            } else if (c instanceof NotifyConfig.Webhook webhook) {
                out.add(new WebhookNotifier(webhook));
            } else {
                throw new IllegalStateException("no notifier implementation for type " + c.type());
            }
        }
        return out;
    }
}
