package dev.backstop.core;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The live threads of this JVM, for tests that check that backstop leaves none behind. */
public final class LiveThreads {

    private LiveThreads() {
    }

    /** Every thread alive now. */
    public static Set<Thread> all() {
        return Thread.getAllStackTraces().keySet();
    }

    /** The live threads named {@code name}. */
    public static List<Thread> named(String name) {
        return matching(t -> t.getName().equals(name));
    }

    /** The live threads that {@code which} accepts. */
    public static List<Thread> matching(Predicate<Thread> which) {
        return all().stream().filter(Thread::isAlive).filter(which).toList();
    }

    /**
     * Waits up to {@code timeout} for every thread that {@code which} accepts to end; returns those
     * still alive then (empty when all ended).
     */
    public static List<Thread> awaitEnded(Predicate<Thread> which, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        List<Thread> alive = matching(which);
        while (!alive.isEmpty() && System.nanoTime() - until < 0) {
            Thread.sleep(50);
            alive = matching(which);
        }
        return alive;
    }
}
