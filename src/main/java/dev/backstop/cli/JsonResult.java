package dev.backstop.cli;

/** A command that can print its result, or its failure, as JSON on standard output. */
interface JsonResult {

    boolean jsonRequested();

    /** Prints {@code {"outcome":"failed","exit_code":N,"reason":...}} for a command that failed. */
    void printFailure(Exception ex, int exitCode);
}
