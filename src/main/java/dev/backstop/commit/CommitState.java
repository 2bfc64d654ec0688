package dev.backstop.commit;

import dev.backstop.core.TargetException;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Where the commit of one set on one target stands, shared by the threads that store, verify and
 * finish it. The commit ends once, and the first end wins: a failure, an abort, a refusal or the
 * commit itself; nothing turns an ended commit into another. A failure or an abort cleans up
 * exactly once, on the thread whose end won, outside any lock: the cleanup's deletes may retry
 * and wait, and no other thread is held up behind them. A thread that needs the cleanup's report
 * waits for the report alone.
 */
final class CommitState {

    /** Where a commit stands; every phase but {@link #OPEN} is an end. */
    enum Phase {
        OPEN, REFUSED, ABORTED, FAILED, COMMITTED;

        /** The word for messages, e.g. {@code aborted}. */
        String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        private boolean cleansUp() {
            return this == ABORTED || this == FAILED;
        }
    }

    /** Written under this; read anywhere, since every step asks it between buffers. */
    private volatile Phase phase = Phase.OPEN;
    /** The report of the cleanup of a failed or aborted commit; null when that cleanup threw. */
    private final CompletableFuture<TargetException> report = new CompletableFuture<>();

    Phase phase() {
        return phase;
    }

    /**
     * Ends an open commit as {@link Phase#FAILED} or {@link Phase#ABORTED} and runs {@code cleanup}
     * on this thread, with no lock held. Does nothing when the commit had ended already.
     *
     * @return true when this call ended the commit; {@link #report} is then what {@code cleanup} returned
     */
    boolean end(Phase how, Supplier<TargetException> cleanup) {
        if (!how.cleansUp()) {
            throw new IllegalArgumentException("a commit that ends " + how.word() + " has nothing to clean up");
        }
        synchronized (this) {
            if (phase != Phase.OPEN) {
                return false;
            }
            phase = how;
        }
        try {
            report.complete(cleanup.get());
        } finally {
            // a cleanup that threw must not leave the threads waiting for its report waiting forever
            report.complete(null);
        }
        return true;
    }

    /** Ends an open commit as refused: it touched nothing, so nothing is cleaned up. */
    synchronized void refuse() {
        if (phase == Phase.OPEN) {
            phase = Phase.REFUSED;
        }
    }

    /**
     * Ends an open commit as committed.
     *
     * @throws Ended the commit ended otherwise meanwhile (a failure on another thread, an abort);
     *               it stays so, and the caller takes back what it did since
     */
    synchronized void commit() throws Ended {
        if (phase != Phase.OPEN) {
            throw new Ended(phase);
        }
        phase = Phase.COMMITTED;
    }

    /**
     * The report of the cleanup that ended a failed or aborted commit, once that cleanup is done
     * (waiting for it, uninterruptibly, while it runs); null while open, after a refusal or the
     * commit, and when the cleanup threw.
     */
    TargetException report() {
        return phase.cleansUp() ? report.join() : null;
    }

    /**
     * For a step, before each buffer and between its calls: a commit that ended on another thread
     * stops the step.
     *
     * @throws Ended the commit has ended
     */
    void checkOpen() throws Ended {
        Phase now = phase;
        if (now != Phase.OPEN) {
            throw new Ended(now);
        }
    }

    /** Thrown inside a step once the commit has ended elsewhere; the step's failure then reports that end. */
    static final class Ended extends IOException {
        private static final long serialVersionUID = 1L;

        Ended(Phase how) {
            super("stopped: the upload already ended (" + how.word() + ")");
        }
    }
}
