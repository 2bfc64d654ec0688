package dev.backstop.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a check that looks at everything found: errors, each with the message that the run gives
 * for it, and warnings about what only a later command (a restore test) needs. Checks add to one
 * collector instead of stopping at the first problem, so that a configuration is fixed in one
 * round. Not thread-safe; one collector per check.
 */
public final class Findings {

    /** One check; the message of what it throws is the problem. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public void error(String message) {
        errors.add(message);
    }

    public void warning(String message) {
        warnings.add(message);
    }

    /**
     * Runs {@code check}; what it throws becomes an error, {@code prefix} before its message.
     *
     * @return whether the check passed, for a check that only makes sense after it
     */
    public boolean error(String prefix, Check check) {
        String problem = problem(check);
        if (problem != null) {
            error(prefix + problem);
        }
        return problem == null;
    }

    /** {@link #error(String, Check)} without a prefix. */
    public boolean error(Check check) {
        return error("", check);
    }

    /** Runs {@code check}; what it throws becomes a warning, {@code prefix} before its message and {@code suffix} after it. */
    public void warning(String prefix, Check check, String suffix) {
        String problem = problem(check);
        if (problem != null) {
            warning(prefix + problem + suffix);
        }
    }

    /** Adds what {@code other} found, after what this one holds. */
    public void add(Findings other) {
        errors.addAll(other.errors);
        warnings.addAll(other.warnings);
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /**
     * Throws the errors as one exception, {@code "; "} between them, as a run reports what its
     * preflight found; returns when there is none.
     */
    public <E extends Exception> void throwErrors(Function<String, E> exception) throws E {
        if (!errors.isEmpty()) {
            throw exception.apply(String.join("; ", errors));
        }
    }

    /** The message of what {@code check} threw, or null when it passed; a bug (a RuntimeException) is not a finding. */
    private static String problem(Check check) {
        try {
            check.run();
            return null;
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted before the check ended";
        } catch (Exception e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }
}
