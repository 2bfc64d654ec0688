package dev.backstop.cli;

import dev.backstop.core.BackstopException;
import dev.backstop.core.ConfigException;
import dev.backstop.core.ExitCode;
import dev.backstop.core.InterruptedRunException;
import dev.backstop.core.LockedException;
import dev.backstop.core.PreflightException;
import dev.backstop.core.SourceException;
import dev.backstop.core.TargetException;
import dev.backstop.history.HistoryException;
import java.io.PrintStream;
import picocli.CommandLine;

/**
 * The only place where exceptions become exit codes (the table is {@link ExitCode}, documented
 * in docs/exit-codes.md). A failure backstop expects prints its message; anything else is a bug
 * and prints its stack trace, so that it can be reported.
 */
public final class ExitCodes implements CommandLine.IExecutionExceptionHandler {

    /** The --help line of code 4 for every command that needs the history, except run and status. */
    static final String HISTORY_UNUSABLE = "4:the history cannot be used (damaged, locked or read-only); the message names it";

    private final PrintStream out;
    private final PrintStream err;

    ExitCodes(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parse) {
        int code = codeOf(ex);
        if (JsonOption.requestedBy(cmd)) {
            JsonOption.printFailure(out, ex, code);
        }
        if (ex instanceof BackstopException) {
            err.println("backstop: " + ex.getMessage().replace("\n", "\n  "));
        } else if (ex instanceof HistoryException) {
            // not a bug: the history is damaged, locked or read-only, and the message names it
            err.println("backstop: " + ex.getMessage() + (((HistoryException) ex).condition()
                    == HistoryException.Condition.DAMAGED ? "\n  the history is damaged: 'backstop run' moves it aside"
                    + " and rebuilds it, or 'backstop history rebuild' does it now" : ""));
        } else {
            err.println("backstop: internal error (a bug, please report it with this trace):");
            ex.printStackTrace(err);
        }
        return code;
    }

    /**
     * The exit code of a failure: the one mapping, used for the code a command ends with and for
     * the code a failed run records in history and notifies ({@code run.BackupRun} is given it).
     */
    public static int codeOf(Exception ex) {
        if (ex instanceof BackstopException b) {
            return of(b).code();
        }
        // a history that cannot be used stops any command but run (which backs up anyway and exits
        // 7): the command could not do its work, as when a preflight fails
        return ex instanceof HistoryException ? ExitCode.PREFLIGHT_FAILED.code() : ExitCode.INTERNAL_ERROR.code();
    }

    private static ExitCode of(BackstopException e) {
        if (e instanceof ConfigException) {
            return ExitCode.USAGE_OR_CONFIG;
        } else if (e instanceof LockedException) {
            return ExitCode.LOCKED;
        } else if (e instanceof PreflightException) {
            return ExitCode.PREFLIGHT_FAILED;
        } else if (e instanceof SourceException) {
            return ExitCode.SOURCE_FAILED;
        } else if (e instanceof TargetException) {
            return ExitCode.TARGET_FAILED;
        } else if (e instanceof InterruptedRunException i) {
            return "TERM".equals(i.signal()) ? ExitCode.INTERRUPTED_SIGTERM : ExitCode.INTERRUPTED_SIGINT;
        }
        return ExitCode.INTERNAL_ERROR;
    }

    static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("backstop: " + ex.getMessage());
        // a mistyped command or option: name the nearest ones
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr());
        cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        // a Nagios plugin says UNKNOWN for arguments it cannot use
        return cmd.getCommand() instanceof StatusCommand ? dev.backstop.status.HealthState.UNKNOWN.exitCode()
                : ExitCode.USAGE_OR_CONFIG.code();
    }
}
