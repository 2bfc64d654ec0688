package dev.backstop.core;

/**
 * Base of every failure that backstop expects and explains. Each subclass is one row of the
 * exit-code table in {@code docs/exit-codes.md}; {@code cli.ExitCodes} is the only place that
 * turns them into numbers. Anything else that escapes is a bug (exit 1).
 */
public abstract class BackstopException extends Exception {

    protected BackstopException(String message) {
        super(message);
    }

    protected BackstopException(String message, Throwable cause) {
        super(message, cause);
    }
}
