package dev.backstop.core;

/**
 * The exit codes, the contract with cron wrappers and scripts. Listed once here;
 * {@code cli.ExitCodes} maps exceptions onto them (nothing else does) and
 * {@code docs/exit-codes.md} documents them. A workflow's report says its code from its outcome.
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
}
