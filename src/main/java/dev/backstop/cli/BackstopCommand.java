package dev.backstop.cli;

import dev.backstop.core.Version;
import java.io.PrintStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level command; it only lists the subcommands. */
@Command(name = "backstop",
        mixinStandardHelpOptions = true,
        versionProvider = BackstopCommand.VersionProvider.class,
        description = "Backs up a web application's server (databases, files, system state) to local disk, "
                + "an SFTP NAS and object storage, and says success only when every copy is verified.")
final class BackstopCommand implements Runnable {

    final PrintStream out;
    final PrintStream err;

    BackstopCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // no subcommand: show what there is
        spec.commandLine().usage(out);
    }

    /**
     * The subcommands by name, in the order the usage lists them, each made only when it is added:
     * picocli reads a command's annotations by reflection, which for all of them took about a tenth
     * of a second of every start.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();
    /** Subcommands that read the whole tree of commands (the man page, shell completion). */
    private static final Set<String> WHOLE_TREE = Set.of("man", "generate-completion");

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> all = new LinkedHashMap<>();
        all.put("run", RunCommand::new);
        all.put("archive-logs", ArchiveLogsCommand::new);
        all.put("list", ListCommand::new);
        all.put("verify", VerifyCommand::new);
        all.put("restore-test", RestoreTestCommand::new);
        all.put("restore", RestoreCommand::new);
        all.put("prune", PruneCommand::new);
        all.put("accept", AcceptCommand::new);
        all.put("history", HistoryCommand::new);
        all.put("hostkey", HostKeyCommand::new);
        all.put("config", ConfigCommand::new);
        all.put("init", InitCommand::new);
        all.put("status", StatusCommand::new);
        all.put("metrics", MetricsCommand::new);
        all.put("dashboard", DashboardCommand::new);
        all.put("generate-completion", picocli.AutoComplete.GenerateCompletion::new);
        all.put("man", ManCommand::new);
        return Collections.unmodifiableMap(all);
    }

    /**
     * The command line for a run whose first argument is {@code first}: with that subcommand alone
     * when it names one, which is all picocli reads of the line, else with all of them (no
     * subcommand, an option, a mistyped name, or one that reads the whole tree).
     */
    static CommandLine commandLine(PrintStream out, PrintStream err, String first) {
        CommandLine cli = new CommandLine(new BackstopCommand(out, err));
        Supplier<Object> named = SUBCOMMANDS.get(first);
        if (named != null && !WHOLE_TREE.contains(first)) {
            cli.addSubcommand(first, named.get());
        } else {
            SUBCOMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        return cli;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"backstop " + Version.get()};
        }
    }
}
