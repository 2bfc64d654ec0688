package dev.backstop.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the {@code backstop} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(run(out, err, args));
    }

    /** Runs one command line and returns its exit code; never exits the JVM. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = BackstopCommand.commandLine(out, err, args.length > 0 ? args[0] : null);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler(new ExitCodes(out, err));
        cli.setParameterExceptionHandler(ExitCodes::usageError);
        return cli.execute(args);
    }
}
