package dev.backstop.commit;

import dev.backstop.core.TargetException;
import dev.backstop.target.Target;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one call of a commit got to, so that a failure names its own step and removes exactly what
 * it left. One per call: the threads that store and verify at once each keep their own.
 */
final class CommitAttempt {

    /** What the call is doing, for the message of its failure. */
    String step = "starting";
    /** The final name this call renamed the set to; only from then on is that name the commit's to remove. */
    String renamedTo;
    boolean cleanupFailed;
    /** Paths this call wrote (or began to write) into the partial set. */
    private final List<String> written = new ArrayList<>();

    /** Notes a path before this call writes it, since a write that fails may leave part of it. */
    void writing(String path) {
        written.add(path);
    }

    /**
     * The cleanup of a failed or aborted commit: removes the partial set, and the final one when
     * this call renamed it there, and builds the exception that says what happened.
     */
    TargetException cleanUp(Target target, String what, String partial, String reason, Exception cause) {
        StringBuilder message = new StringBuilder(what).append(": ").append(reason);
        List<String> removed = remove(target, renamedTo == null ? List.of(partial) : List.of(partial, renamedTo), cause,
                message);
        if (!removed.isEmpty()) {
            message.append("; removed ").append(String.join(" and ", removed));
        }
        return new TargetException(message.toString(), cause);
    }

    /**
     * For a call that failed after the commit had ended elsewhere: removes what this call wrote,
     * since it may have written it after that end's cleanup. A path that cannot be removed is noted
     * on {@code report}; the next run sweeps it.
     */
    void takeBack(Target target, TargetException report) {
        List<String> mine = new ArrayList<>(written);
        if (renamedTo != null) {
            mine.add(renamedTo);
        }
        remove(target, mine, report, new StringBuilder());
    }

    private List<String> remove(Target target, List<String> paths, Exception failures, StringBuilder message) {
        // an interrupt must not stop the cleanup itself; the caller reports it afterwards
        boolean interrupted = Thread.interrupted();
        List<String> removed = new ArrayList<>();
        for (String path : paths) {
            try {
                target.delete(path);
                removed.add(path);
            } catch (IOException | RuntimeException e) {
                cleanupFailed = true;
                failures.addSuppressed(e);
                message.append("; could not remove ").append(path).append(" (").append(describe(e))
                        .append("), the next run sweeps it");
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return removed;
    }

    static String describe(Exception e) {
        String message = e.getMessage();
        if (e.getClass() == IOException.class && message != null) {
            return message;
        }
        // NoSuchFileException and friends carry only a path as message: the class says what happened
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
