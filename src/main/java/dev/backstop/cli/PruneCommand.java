package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.EventLog;
import dev.backstop.registry.Kinds;
import dev.backstop.retention.Decision;
import dev.backstop.retention.RetentionExecutor;
import dev.backstop.retention.SegmentPlanner;
import dev.backstop.run.PruneReport;
import dev.backstop.run.Pruning;
import dev.backstop.run.TargetChoice;
import dev.backstop.target.Target;
import dev.backstop.target.Targets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backstop prune}: retention now, printing each decision and why. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Apply each target's retention now: print every backup with keep or remove and the rule "
                + "that decided it, then remove. The newest verified backup is never removed. Archived binary logs"
                + " go with the backups: the log files before the oldest kept dump's binlog position are removed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every removal done (or, with --dry-run, only printed)",
            "2:usage or configuration error",
            "3:a run holds the lock; nothing was touched",
            ExitCodes.HISTORY_UNUSABLE,
            "6:a target could not be listed or a removal failed; the summary names it"})
final class PruneCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCommand parent;

    @Mixin
    CommonOptions options;

    @Mixin
    JsonOption json;

    @Option(names = "--dry-run", description = "Print what would be removed; remove nothing.")
    boolean dryRun;

    @Option(names = "--target", paramLabel = "NAME", description = "Only this target.")
    String only;

    @Override
    public Integer call() throws Exception {
        BackstopConfig config = ConfigLoader.load(options.config, Kinds.schema());
        EventLog log = new EventLog(parent.err, Clock.systemUTC());
        List<Target> all = Kinds.targets(config);
        List<Target> targets = new TargetChoice(only, options.config).from(all);
        PruneReport report;
        try {
            report = Pruning.prune(config, targets, dryRun, Clock.systemUTC(), log);
        } finally {
            Targets.closeAll(all, log);
        }
        if (json.requested()) {
            json.print(parent.out, Map.of("dry_run", dryRun, "targets", report.targets(), "removed", report.removed(),
                    "log_files_removed", report.logFilesRemoved(), "exit_code", report.exitCode()));
        } else {
            for (RetentionExecutor.Result r : report.targets()) {
                parent.out.println("target " + r.target() + ":");
                for (Decision d : r.decisions()) {
                    parent.out.printf("  %-6s %s  %s%n", d.keep() ? "keep" : "remove", d.backup().id(),
                            String.join(", ", d.reasons()) + (d.backup().verified() ? "" : "  [not verified in history]"));
                }
                r.orphans().forEach(o -> parent.out.println("  remove incomplete " + o));
                for (SegmentPlanner.LogFileDecision d : r.logs()) {
                    parent.out.printf("  %-6s logs/%s/%s  %s%n", d.keep() ? "keep" : "remove", d.source(), d.logFile(),
                            d.reason());
                }
                r.failures().forEach(f -> parent.out.println("  FAILED " + f));
            }
            parent.out.println((dryRun ? "dry run: would remove " : "removed ") + report.removed() + " backup(s)"
                    + (report.orphans() == 0 ? "" : " and " + report.orphans() + " incomplete set(s)")
                    + (report.logFilesRemoved() == 0 ? "" : " and the segments of " + report.logFilesRemoved()
                            + " archived log file(s)") + " on "
                    + report.targets().size() + " target(s)"
                    + (report.failures() == 0 ? "" : "; " + report.failures() + " removal(s) FAILED"));
        }
        return report.exitCode();
    }
}
