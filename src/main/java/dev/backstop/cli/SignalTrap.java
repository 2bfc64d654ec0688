package dev.backstop.cli;

import dev.backstop.core.ExitCode;
import dev.backstop.run.Cancellation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT and SIGTERM into a cancellation of the run, so it can remove its partial files
 * and record why it stopped. A run that has not cleaned up within ten seconds is halted: the
 * next run sweeps what is left, and a stuck backup must not outlive its service manager. A
 * command that ends in time closes the trap, which cancels that deadline.
 */
final class SignalTrap implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(10);

    private final Duration grace;
    private final IntConsumer halt;
    private final List<Thread> watchdogs = new ArrayList<>();
    private final SignalHandler previousInt;
    private final SignalHandler previousTerm;
    private boolean closed;

    private SignalTrap(Cancellation cancellation, Duration grace, IntConsumer halt) {
        this.grace = grace;
        this.halt = halt;
        previousInt = Signal.handle(new Signal("INT"), s -> stop(cancellation, "INT"));
        previousTerm = Signal.handle(new Signal("TERM"), s -> stop(cancellation, "TERM"));
    }

    static SignalTrap install(Cancellation cancellation) {
        return install(cancellation, GRACE, code -> Runtime.getRuntime().halt(code));
    }

    /** A trap that calls {@code halt} with the exit code when cleanup takes longer than {@code grace}. */
    static SignalTrap install(Cancellation cancellation, Duration grace, IntConsumer halt) {
        return new SignalTrap(cancellation, grace, halt);
    }

    private synchronized void stop(Cancellation cancellation, String signal) {
        cancellation.request(signal);
        if (closed) {
            return; // the command has ended already; nothing is left to wait for
        }
        int code = "TERM".equals(signal) ? ExitCode.INTERRUPTED_SIGTERM.code() : ExitCode.INTERRUPTED_SIGINT.code();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(grace.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("backstop: cleanup after SIG" + signal + " took over " + grace.toSeconds()
                    + " s; stopping now, the next run sweeps what is left");
            halt.accept(code);
        }, "signal-watchdog");
        watchdog.setDaemon(true);
        watchdogs.add(watchdog);
        watchdog.start();
    }

    /** Restores the previous handlers and cancels the deadline of a signal already caught. */
    @Override
    public synchronized void close() {
        closed = true;
        Signal.handle(new Signal("INT"), previousInt);
        Signal.handle(new Signal("TERM"), previousTerm);
        watchdogs.forEach(Thread::interrupt);
    }
}
