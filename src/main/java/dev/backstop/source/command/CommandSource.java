package dev.backstop.source.command;

import dev.backstop.core.PreflightException;
import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import dev.backstop.exec.ProcessResult;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.ProcessSpec;
import dev.backstop.source.DumpProcess;
import dev.backstop.source.Source;
import dev.backstop.source.SourceContext;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * {@code type: command}: the standard output of the configured argument list is the content.
 * Good only when the command exits 0 within its timeout; its stderr is kept for the message and
 * otherwise ignored (many tools chat there). It has no facts to report.
 */
public final class CommandSource implements Source {

    private final CommandConfig config;
    private final DumpProcess process;

    public CommandSource(CommandConfig config, ProcessRunner runner) {
        this.config = config;
        this.process = new DumpProcess(runner, config.name());
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
        ProcessRunner.requireOnPath(List.of(config.command().get(0)), process.what("command"), "");
    }

    @Override
    public SourceFacts dump(OutputStream out, SourceContext context)
            throws SourceException, IOException, InterruptedException {
        ProcessResult result = process.copy(ProcessSpec.of(config.command()).withTimeout(config.timeout()), out);
        if (!result.succeeded()) {
            throw new SourceException(process.what("") + result.command() + " " + result.describeExit() + "\n"
                    + result.stderrBlock());
        }
        return SourceFacts.none();
    }
}
