package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.history.SqliteDriver;
import dev.backstop.core.EventLog;
import dev.backstop.registry.Kinds;
import dev.backstop.run.BackupRun;
import dev.backstop.run.LogArchiveRun;
import dev.backstop.run.Cancellation;
import dev.backstop.run.RunReport;
import dev.backstop.source.Source;
import dev.backstop.target.Target;
import dev.backstop.target.Targets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backstop run}: one backup run. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one backup: dump every source, commit and verify on every target, record history.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:complete, committed and verified on every target",
            "2:usage or configuration error",
            "3:another run holds the lock; nothing was touched",
            "4:preflight failed; nothing could be backed up",
            "5:a source failed; nothing committed",
            "6:a target failed; committed on the others",
            "7:stored and verified, but a human must look: an anomaly, or a history that was damaged and rebuilt or could not record the run",
            "130:interrupted by SIGINT",
            "143:interrupted by SIGTERM"})
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCommand parent;

    @Mixin
    CommonOptions options;

    @Mixin
    JsonOption json;

    @Option(names = "--full", description = "Store every source with incremental: whole, starting new chains, and"
            + " dump every source with log_archive although full_dump_every is not due.")
    boolean full;

    @Override
    public Integer call() throws Exception {
        // a person at a terminal gets progress lines; cron and pipes get events only
        EventLog log = new EventLog(parent.err, Clock.systemUTC(), System.console() != null);
        SqliteDriver.loadAhead();
        BackstopConfig config = ConfigLoader.load(options.config, Kinds.schema());
        LogArchiveRun.tellStoppedArchivers(config, Clock.systemUTC(), log);
        List<Source> sources = Kinds.sources(config);
        List<Target> targets = Kinds.targets(config, log);
        Cancellation cancellation = new Cancellation();
        cancellation.bind(Thread.currentThread());
        RunReport report;
        try (SignalTrap trap = SignalTrap.install(cancellation)) {
            report = new BackupRun(config, sources, targets, Clock.systemUTC(), log, cancellation, ExitCodes::codeOf)
                    .fullRequested(full).execute();
        } finally {
            Targets.closeAll(targets, log);
        }
        if (json.requested()) {
            json.print(parent.out, report);
        } else {
            parent.out.println(RunSummary.line(report));
        }
        return report.exitCode();
    }
}
