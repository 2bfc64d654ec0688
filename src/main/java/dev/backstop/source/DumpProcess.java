package dev.backstop.source;

import dev.backstop.core.PreflightException;
import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import dev.backstop.exec.ProcessResult;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.ProcessSpec;
import dev.backstop.exec.RunningProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The tool of one source that dumps through a child process (mysql, postgres, command): runs it,
 * streams its standard output to the component in one pass, and decides whether what it wrote is
 * complete. One place, so that every tool is judged by the same rules; each source keeps only its
 * command, scanner and trailer (a database source gets its command from its
 * {@link DatabaseClient}). Messages start with {@code source NAME: }. Thread-safe; one instance
 * per source.
 */
public final class DumpProcess {

    /** A check that preflight made and a dump repeats. */
    @FunctionalInterface
    public interface Check<T> {
        T get() throws PreflightException, IOException;
    }

    private final ProcessRunner runner;
    private final String sourceName;

    public DumpProcess(ProcessRunner runner, String sourceName) {
        this.runner = runner;
        this.sourceName = sourceName;
    }

    /** The prefix of every message about this source; {@code key} names a setting, or is empty. */
    public String what(String key) {
        return "source " + sourceName + ": " + (key.isEmpty() ? "" : key + ": ");
    }

    /**
     * Repeats a check of preflight when the dump starts, since the files may have changed since
     * the run's preflight; a failure now is the dump's.
     *
     * @throws SourceException with the check's message
     * @throws IOException     the check could not write its files (the scratch directory is full)
     */
    public <T> T recheck(Check<T> check) throws SourceException, IOException {
        try {
            return check.get();
        } catch (PreflightException e) {
            throw new SourceException(e.getMessage(), e);
        }
    }

    /**
     * Runs a tool whose exit status alone tells whether its output is complete, copying its
     * standard output to {@code out}. Returns its result for the caller to judge.
     *
     * @throws SourceException      the tool could not be started, or its output could not be
     *                              read to the end although it exited 0
     * @throws IOException          writing to {@code out} failed
     * @throws InterruptedException the run is being cancelled; the tool was killed
     */
    public ProcessResult copy(ProcessSpec spec, OutputStream out)
            throws SourceException, IOException, InterruptedException {
        try (RunningProcess process = start(spec)) {
            IOException readError = copy(process.stdout(), out, null);
            ProcessResult result = process.waitFor();
            if (readError != null && result.succeeded()) {
                // exit 0 proves nothing when part of the output was lost on the way
                throw new SourceException(what("") + spec.programName() + " exited 0 but its output could not be read"
                        + " to the end (" + readError.getMessage() + "); command: " + result.command());
            }
            return result;
        }
    }

    /**
     * Runs a database dump tool, streaming its output to {@code out} and {@code scanner} in one
     * pass. Returns the scanner's facts only when the tool exited 0, its output was read to the
     * end, no stderr line mentions an error, and the scanner saw the trailer; the other stderr
     * lines go to {@code context} as warnings.
     *
     * @param trailer  the tool's completion trailer as the message quotes it
     * @param database the database dumped, for the message
     * @throws SourceException      the dump is incomplete; the message names the tool, the problem,
     *                              the database, the command and the stderr tail, secrets masked
     * @throws IOException          writing to {@code out} failed
     * @throws InterruptedException the run is being cancelled; the tool was killed
     */
    public SourceFacts dump(ProcessSpec spec, DumpScanner scanner, String trailer, String database,
                            OutputStream out, SourceContext context)
            throws SourceException, IOException, InterruptedException {
        StderrVerdict verdict = new StderrVerdict();
        String program = spec.programName();
        try (RunningProcess process = start(spec.withStderrLines(verdict::accept))) {
            IOException readError = copy(process.stdout(), out, scanner);
            ProcessResult result = process.waitFor();
            scanner.finish();
            verdict.warnings().forEach(w -> context.warn().accept(what("") + program + ": " + w));
            String problem = problem(result, verdict, scanner.trailerSeen(), trailer, readError);
            if (problem != null) {
                throw new SourceException(what("") + program + " " + problem + " while dumping database '"
                        + database + "'; command: " + result.command() + "\n" + result.stderrBlock());
            }
            return SourceFacts.database(scanner.serverVersion(), true, scanner.tableRows());
        }
    }

    private RunningProcess start(ProcessSpec spec) throws SourceException {
        try {
            return runner.start(spec);
        } catch (IOException e) {
            throw new SourceException(what("") + e.getMessage(), e);
        }
    }

    /** Streams stdout to out and the scanner in one pass; returns a read error, throws write errors. */
    private static IOException copy(InputStream in, OutputStream out, DumpScanner scanner) throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (IOException e) {
                return e;
            }
            if (n < 0) {
                return null;
            }
            out.write(buf, 0, n);
            if (scanner != null) {
                scanner.feed(buf, 0, n);
            }
        }
    }

    /** What went wrong, in order of cause: exit, unreadable output, an error line, a missing trailer. */
    private static String problem(ProcessResult result, StderrVerdict verdict, boolean trailerSeen, String trailer,
                                  IOException readError) {
        if (!result.succeeded()) {
            return result.describeExit();
        }
        if (readError != null) {
            return "output could not be read (" + readError.getMessage() + ")";
        }
        if (verdict.firstError() != null) {
            return "reported an error (" + verdict.firstError() + ")";
        }
        if (!trailerSeen) {
            return "exited 0 but its output ends without the '" + trailer + "' trailer (truncated)";
        }
        return null;
    }
}
