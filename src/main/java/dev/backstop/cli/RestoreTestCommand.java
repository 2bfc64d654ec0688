package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.EventLog;
import dev.backstop.registry.Kinds;
import dev.backstop.run.Cancellation;
import dev.backstop.run.RestoreTestRun;
import dev.backstop.run.TargetChoice;
import dev.backstop.run.WorkflowContext;
import dev.backstop.target.Target;
import dev.backstop.target.Targets;
import dev.backstop.verify.RestoreTestReport;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backstop restore-test}: restores a backup into scratch space and compares it with its manifest. */
@Command(name = "restore-test", mixinStandardHelpOptions = true,
        description = "Download a backup (the newest, or --backup), check its hashes, restore every component into "
                + "scratch space (SQL into a scratch database backstop_rt_<run>_<source>, tarballs extracted, SQLite "
                + "checked), compare with the manifest, remove everything again, and record the restore time (RTO).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the backup restored to exactly what its manifest recorded",
            "2:usage or configuration error",
            "3:another restore test holds the lock",
            ExitCodes.HISTORY_UNUSABLE,
            "6:the backup is missing, corrupt, or restores to something else than recorded",
            "130:interrupted by SIGINT (scratch space removed)",
            "143:interrupted by SIGTERM (scratch space removed)"})
final class RestoreTestCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCommand parent;

    @Mixin
    CommonOptions options;

    @Mixin
    JsonOption json;

    @Option(names = "--target", paramLabel = "NAME", description = "The target to restore from (default: the first).")
    String only;

    @Option(names = "--backup", paramLabel = "ID", description = "The backup to test (default: the newest complete one).")
    String backup;

    @Override
    public Integer call() throws Exception {
        BackstopConfig config = ConfigLoader.load(options.config, Kinds.schema());
        EventLog log = new EventLog(parent.err, Clock.systemUTC());
        List<Target> targets = Kinds.targets(config);
        Cancellation cancellation = new Cancellation();
        cancellation.bind(Thread.currentThread());
        WorkflowContext context = new WorkflowContext(config, targets, Clock.systemUTC(), log,
                TerminalProgress.forConsole(parent.err), cancellation);
        RestoreTestReport report;
        try (SignalTrap trap = SignalTrap.install(cancellation)) {
            report = new RestoreTestRun(context).execute(new TargetChoice(only, options.config), backup);
        } finally {
            Targets.closeAll(targets, log);
        }
        if (json.requested()) {
            json.print(parent.out, report);
        } else {
            TerminalProgress.componentLines(report.components(), TerminalProgress.onTerminal()).forEach(parent.out::println);
            report.logChains().forEach(parent.out::println);
            report.findings().forEach(f -> parent.out.println(f.line()));
            parent.out.println(RestoreTestRun.summary(report));
        }
        return report.exitCode();
    }
}
