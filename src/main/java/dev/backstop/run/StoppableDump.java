package dev.backstop.run;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/**
 * A dump that can be stopped, whether it runs already or still waits for a thread: unlike
 * {@code Future.cancel}, {@link #stop} lets its caller wait for the end of a running dump
 * (its cleanup included) through the future.
 */
final class StoppableDump {

    private Thread thread;
    private boolean started;
    private boolean stopped;

    /** Runs {@code dump} on this thread, unless it was stopped before. */
    <T> T run(Callable<T> dump) throws Exception {
        synchronized (this) {
            if (stopped) {
                throw new CancellationException("stopped before it started");
            }
            started = true;
            thread = Thread.currentThread();
        }
        try {
            return dump.call();
        } finally {
            synchronized (this) {
                thread = null;
            }
        }
    }

    /** Stops the dump; false when it never started, and now never will. */
    synchronized boolean stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
        return started;
    }
}
