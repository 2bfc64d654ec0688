package dev.backstop.verify;

/**
 * How bad a finding is. CRITICAL and ERROR make {@code verify}, {@code restore-test} and
 * {@code restore} exit 6; a WARNING is printed and recorded but changes no exit code.
 */
public enum Severity {
    /** A backup history promised is gone: the incident of 2025-11-04. */
    CRITICAL,
    /** A backup is incomplete, corrupt, or does not restore to what its manifest recorded. */
    ERROR,
    /** Something to tidy (an orphaned partial set, an unknown file); no backup is damaged. */
    WARNING;

    /** True when this severity means a backup cannot be trusted. */
    public boolean failing() {
        return this != WARNING;
    }
}
