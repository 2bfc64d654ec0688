package dev.backstop.target;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a call to a target again while it fails transiently, with the waits of a {@link Backoff},
 * and stops at the first permanent failure. A failure is transient when it is checked and a
 * {@link TransientIOException} is among its causes; any other failure is permanent and passes
 * through unchanged, without a retry. Each call keeps its retry state to itself, so threads may
 * share one loop.
 */
final class RetryLoop {

    /** One call to the storage, which may fail with {@code E}. */
    @FunctionalInterface
    interface Call<T, E extends Exception> {
        T run() throws E;
    }

    private final String target;
    private final Backoff backoff;
    private final Consumer<String> log;

    /** @param log receives one line per retry */
    RetryLoop(String target, Backoff backoff, Consumer<String> log) {
        this.target = target;
        this.backoff = backoff;
        this.log = log;
    }

    /** {@link #run(String, Call, Function)} for a call that fails with I/O errors. */
    <T> T run(String what, Call<T, IOException> call) throws IOException {
        return run(what, call, e -> e);
    }

    /**
     * Runs {@code call}, again after each transient failure while the backoff allows.
     *
     * @param what    what the call does, for the log and the message of giving up
     * @param giveUp  turns the loop's own failure into the call's: the last transient failure with
     *                how often it was tried, or an interrupt while waiting to retry
     * @throws E the first permanent failure, unchanged; or, from {@code giveUp}, the last transient
     *           one once no retry is left, or an interrupt while waiting (the thread stays interrupted)
     */
    <T, E extends Exception> T run(String what, Call<T, E> call, Function<IOException, E> giveUp) throws E {
        long started = System.nanoTime();
        for (int retry = 1; ; retry++) {
            try {
                return call.run();
            } catch (Exception e) {
                if (e instanceof RuntimeException || !TransientIOException.isTransient(e)) {
                    throw e;
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                Duration wait = backoff.delay(retry, elapsed, () -> ThreadLocalRandom.current().nextDouble());
                if (wait == null) {
                    throw giveUp.apply(new IOException(e.getMessage() + " (gave up " + what + " after " + retry
                            + " attempt(s) in " + seconds(elapsed) + ")", e));
                }
                log.accept("target " + target + ": " + what + " failed (" + e.getMessage() + "); retry " + retry
                        + " of " + backoff.retries() + " in " + seconds(wait));
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw giveUp.apply(new InterruptedIOException("interrupted while waiting to retry"));
                }
            }
        }
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
