package dev.backstop.source.command;

import dev.backstop.config.SourceConfig;
import dev.backstop.core.PreflightException;
import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import dev.backstop.exec.ProcessResult;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.ProcessSpec;
import dev.backstop.exec.RunningProcess;
import dev.backstop.source.Source;
import dev.backstop.source.SourceContext;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code type: command}: the standard output of the configured argument list is the content.
 * Good only when the command exits 0 within its timeout; its stderr is kept for the message and
 * otherwise ignored (many tools chat there). It has no facts to report.
 */
public final class CommandSource implements Source {

    private final SourceConfig.Command config;
    private final ProcessRunner runner;

    public CommandSource(SourceConfig.Command config, ProcessRunner runner) {
        this.config = config;
        this.runner = runner;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String type() {
        return config.type();
    }

    @Override
    public String extension() {
        return "txt";
    }

    /** Checks that the program exists and is executable. Idempotent. */
    @Override
    public void preflight() throws PreflightException {
        String program = config.command().get(0);
        if (ProcessRunner.findOnPath(program).isEmpty()) {
            throw new PreflightException("source " + config.name() + ": command: no executable " + program + " found"
                    + (program.contains("/") ? "" : " on PATH (" + System.getenv("PATH") + ")"));
        }
    }

    @Override
    public SourceFacts dump(OutputStream out, SourceContext context)
            throws SourceException, IOException, InterruptedException {
        ProcessSpec spec = ProcessSpec.of(config.command()).withTimeout(config.timeout());
        RunningProcess process;
        try {
            process = runner.start(spec);
        } catch (IOException e) {
            throw new SourceException("source " + config.name() + ": " + e.getMessage(), e);
        }
        try (process) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while (true) {
                try {
                    n = process.stdout().read(buf);
                } catch (IOException e) {
                    break; // killed under us; waitFor says why
                }
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
            }
            ProcessResult result = process.waitFor();
            if (!result.succeeded()) {
                throw new SourceException("source " + config.name() + ": " + result.command() + " "
                        + result.describeExit() + "\n" + result.stderrBlock());
            }
            return SourceFacts.none();
        }
    }
}
