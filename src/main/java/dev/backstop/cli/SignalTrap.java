package dev.backstop.cli;

import dev.backstop.core.ExitCode;
import dev.backstop.run.Cancellation;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT and SIGTERM into a cancellation of the run, so it can remove its partial files
 * and record why it stopped. A run that has not cleaned up within ten seconds is halted: the
 * next run sweeps what is left, and a stuck backup must not outlive its service manager.
 */
final class SignalTrap implements AutoCloseable {

    private static final long GRACE_MILLIS = 10_000;

    private final SignalHandler previousInt;
    private final SignalHandler previousTerm;

    private SignalTrap(Cancellation cancellation) {
        previousInt = Signal.handle(new Signal("INT"), s -> stop(cancellation, "INT"));
        previousTerm = Signal.handle(new Signal("TERM"), s -> stop(cancellation, "TERM"));
    }

    static SignalTrap install(Cancellation cancellation) {
        return new SignalTrap(cancellation);
    }

    private static void stop(Cancellation cancellation, String signal) {
        cancellation.request(signal);
        int code = "TERM".equals(signal) ? ExitCode.INTERRUPTED_SIGTERM.code() : ExitCode.INTERRUPTED_SIGINT.code();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(GRACE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("backstop: cleanup after SIG" + signal + " took over " + GRACE_MILLIS / 1000
                    + " s; stopping now, the next run sweeps what is left");
            Runtime.getRuntime().halt(code);
        }, "signal-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    @Override
    public void close() {
        Signal.handle(new Signal("INT"), previousInt);
        Signal.handle(new Signal("TERM"), previousTerm);
    }
}
