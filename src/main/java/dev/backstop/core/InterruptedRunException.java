package dev.backstop.core;

/** Thrown when a run was stopped by SIGINT or SIGTERM; partial files have been removed. */
public class InterruptedRunException extends BackstopException {

    private final String signal;

    public InterruptedRunException(String signal) {
        super("interrupted by SIG" + signal);
        this.signal = signal;
    }

    /** {@code INT} or {@code TERM}. */
    public String signal() {
        return signal;
    }
}
