package dev.backstop.run;

import dev.backstop.commit.ComponentFile;
import java.util.ArrayList;
import java.util.List;

/**
 * The spool files of a dump that started before the run's uploads exist: held until they do, then
 * handed over and, from then on, passed straight on. Any thread.
 */
final class HeldOffers implements ComponentDumper.Started {

    private record Offer(ComponentFile file, boolean sealed) {
    }

    private final List<Offer> held = new ArrayList<>();
    private ComponentDumper.Started receiver;

    @Override
    public synchronized void accept(ComponentFile file, boolean sealed) {
        if (receiver != null) {
            receiver.accept(file, sealed);
        } else {
            held.add(new Offer(file, sealed));
        }
    }

    /** Hands every held offer to {@code to}, in the order they came, and every later one. */
    synchronized void release(ComponentDumper.Started to) {
        receiver = to;
        for (Offer o : held) {
            to.accept(o.file(), o.sealed());
        }
        held.clear();
    }
}
