package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.ConfigException;
import dev.backstop.core.EventLog;
import dev.backstop.registry.Kinds;
import dev.backstop.run.Cancellation;
import dev.backstop.run.TargetChoice;
import dev.backstop.run.VerifyRun;
import dev.backstop.run.WorkflowContext;
import dev.backstop.target.Target;
import dev.backstop.target.Targets;
import dev.backstop.verify.DataSelection;
import dev.backstop.verify.Finding;
import dev.backstop.verify.VerifyReport;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backstop verify}: checks every backup on the targets and reconciles history with them. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every backup on the targets: manifest, components and sizes, SHA256SUMS; with "
                + "--read-data every byte re-hashed. A backup that history records as stored but the target lacks "
                + "is CRITICAL.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every backup checked is complete and intact (warnings such as orphans are printed)",
            "2:usage or configuration error",
            ExitCodes.HISTORY_UNUSABLE,
            "6:a backup is missing, incomplete or corrupt, or a target could not be listed",
            "130:interrupted by SIGINT",
            "143:interrupted by SIGTERM"})
final class VerifyCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCommand parent;

    @Mixin
    CommonOptions options;

    @Mixin
    JsonOption json;

    @Option(names = "--target", paramLabel = "NAME", description = "Only this target.")
    String only;

    @ArgGroup(exclusive = true)
    ReadData readData;

    static final class ReadData {
        @Option(names = "--read-data", description = "Re-hash every byte of every component.")
        boolean all;

        @Option(names = "--read-data-subset", paramLabel = "N/T|P%",
                description = "Re-hash the N-th of T slices (T runs cover everything), or a random P percent.")
        String subset;
    }

    @Override
    public Integer call() throws Exception {
        BackstopConfig config = ConfigLoader.load(options.config, Kinds.schema());
        DataSelection selection = selection();
        EventLog log = new EventLog(parent.err, Clock.systemUTC());
        List<Target> targets = Kinds.targets(config);
        Cancellation cancellation = new Cancellation();
        cancellation.bind(Thread.currentThread());
        WorkflowContext context = new WorkflowContext(config, targets, Clock.systemUTC(), log,
                TerminalProgress.forConsole(parent.err, log), cancellation);
        VerifyReport report;
        try (SignalTrap trap = SignalTrap.install(cancellation)) {
            report = new VerifyRun(context).execute(new TargetChoice(only, options.config), selection);
        } finally {
            Targets.closeAll(targets, log);
        }
        if (json.requested()) {
            json.print(parent.out, report);
        } else {
            for (Finding f : report.findings()) {
                parent.out.println(f.line());
            }
            parent.out.println(VerifyRun.summary(report));
        }
        return report.exitCode();
    }

    private DataSelection selection() throws ConfigException {
        if (readData == null) {
            return DataSelection.none();
        }
        if (readData.all) {
            return DataSelection.all();
        }
        try {
            return DataSelection.parse(readData.subset, new SecureRandom());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }
}
