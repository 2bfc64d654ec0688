package dev.backstop.cli;

import dev.backstop.core.Version;
import java.io.PrintStream;
import picocli.CommandLine.Command;

/** The top-level command; it only lists the subcommands. */
@Command(name = "backstop",
        mixinStandardHelpOptions = true,
        versionProvider = BackstopCommand.VersionProvider.class,
        description = "Backs up a web application's server (databases, files, system state) to local disk, "
                + "an SFTP NAS and object storage, and says success only when every copy is verified.",
        subcommands = {RunCommand.class, ArchiveLogsCommand.class, ListCommand.class, VerifyCommand.class, RestoreTestCommand.class,
            RestoreCommand.class, PruneCommand.class, AcceptCommand.class, HistoryCommand.class, HostKeyCommand.class,
            ConfigCommand.class,
            InitCommand.class, StatusCommand.class, MetricsCommand.class, DashboardCommand.class,
            picocli.AutoComplete.GenerateCompletion.class, ManCommand.class})
final class BackstopCommand implements Runnable {

    final PrintStream out;
    final PrintStream err;

    BackstopCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // no subcommand: show what there is
        spec.commandLine().usage(out);
    }

    static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"backstop " + Version.get()};
        }
    }
}
