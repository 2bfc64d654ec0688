package dev.backstop.run;

import dev.backstop.core.InterruptedRunException;

/**
 * Carries a stop request from a signal handler into the run: the handler records the signal
 * and interrupts the run's thread; the run turns the resulting InterruptedException into an
 * {@link InterruptedRunException} that names the signal.
 */
public final class Cancellation {

    private volatile String signal;
    private volatile Thread runThread;

    /** Binds the thread that a stop request interrupts. */
    public void bind(Thread thread) {
        this.runThread = thread;
    }

    /** Called by a signal handler: records the first signal and interrupts the run. */
    public void request(String signalName) {
        if (signal == null) {
            signal = signalName;
        }
        Thread t = runThread;
        if (t != null) {
            t.interrupt();
        }
    }

    public boolean requested() {
        return signal != null;
    }

    /** The exception to throw once cleanup is done. */
    public InterruptedRunException asException() {
        return new InterruptedRunException(signal == null ? "INT" : signal);
    }
}
