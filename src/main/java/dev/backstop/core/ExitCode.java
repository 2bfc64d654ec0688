package dev.backstop.core;

/**
 * The exit codes, the contract with cron wrappers and scripts. Listed once here;
 * {@code cli.ExitCodes} maps exceptions onto them and {@code docs/exit-codes.md} documents them.
 */
public enum ExitCode {
    OK(0),
    INTERNAL_ERROR(1),
    USAGE_OR_CONFIG(2),
    LOCKED(3),
    PREFLIGHT_FAILED(4),
    SOURCE_FAILED(5),
    TARGET_FAILED(6),
    ANOMALY(7),
    INTERRUPTED_SIGINT(130),
    INTERRUPTED_SIGTERM(143);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The exit code of a failure that backstop explains. */
    public static ExitCode of(BackstopException e) {
        if (e instanceof ConfigException) {
            return USAGE_OR_CONFIG;
        } else if (e instanceof LockedException) {
            return LOCKED;
        } else if (e instanceof PreflightException) {
            return PREFLIGHT_FAILED;
        } else if (e instanceof SourceException) {
            return SOURCE_FAILED;
        } else if (e instanceof TargetException) {
            return TARGET_FAILED;
        } else if (e instanceof InterruptedRunException i) {
            return "TERM".equals(i.signal()) ? INTERRUPTED_SIGTERM : INTERRUPTED_SIGINT;
        }
        return INTERNAL_ERROR;
    }
}
