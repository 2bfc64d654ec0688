package dev.backstop.exec;

/**
 * How a child process ended.
 *
 * @param command    the command as rendered for people, secrets masked
 * @param exitCode   the exit status; 128 + n when killed by signal n
 * @param timedOut   whether backstop killed it because its timeout passed
 * @param stderrTail the last lines of its standard error (about 16 KiB), secrets masked
 */
public record ProcessResult(String command, int exitCode, boolean timedOut, String stderrTail) {

    /** Exited by itself with status 0. */
    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /** One phrase: {@code exited with status 2}, {@code was killed by signal 9 (KILL)}, {@code timed out after ...}. */
    public String describeExit() {
        if (timedOut) {
            return "was killed after its timeout passed";
        }
        if (exitCode > 128 && exitCode < 160) {
            int signal = exitCode - 128;
            return "was killed by signal " + signal + signalName(signal) + " (exit status " + exitCode + ")";
        }
        return "exited with status " + exitCode;
    }

    /** The stderr tail as an indented block for a message, or a note that stderr was empty. */
    public String stderrBlock() {
        if (stderrTail.isBlank()) {
            return "(its stderr was empty)";
        }
        return "its stderr ended with:\n    " + stderrTail.strip().replace("\n", "\n    ");
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 1 -> " (HUP)";
            case 2 -> " (INT)";
            case 6 -> " (ABRT)";
            case 9 -> " (KILL)";
            case 11 -> " (SEGV)";
            case 13 -> " (PIPE)";
            case 15 -> " (TERM)";
            default -> "";
        };
    }
}
