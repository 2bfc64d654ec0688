package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.EventLog;
import dev.backstop.core.Progress;
import dev.backstop.registry.Kinds;
import dev.backstop.run.Cancellation;
import dev.backstop.run.HistoryRebuild;
import dev.backstop.run.WorkflowContext;
import dev.backstop.target.Target;
import dev.backstop.target.Targets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backstop history}: commands about the run history in {@code state_dir}. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "Work with the run history.",
        subcommands = HistoryCommand.Rebuild.class)
final class HistoryCommand implements Runnable {

    @ParentCommand
    BackstopCommand parent;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(parent.out);
    }

    /** {@code backstop history rebuild}. */
    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = "Rebuild the history from the backups on the targets, re-reading every one: after the "
                    + "history was damaged, or state_dir was lost. A damaged history is moved aside to "
                    + "history.db.corrupt-<time>; a sound one only with --force, to history.db.replaced-<time>. "
                    + "Nothing is deleted.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:rebuilt: every complete backup on every target re-read and adopted",
                "2:usage or configuration error, or a sound history is there and --force was not given; nothing changed",
                "3:a run holds the lock; nothing was touched",
                "4:the history is locked by another process or read-only, or cannot be moved or created; nothing moved",
                "6:rebuilt, but a target could not be listed or holds a damaged backup; the summary names it"})
    static final class Rebuild implements Callable<Integer> {

        @ParentCommand
        HistoryCommand history;

        @Mixin
        CommonOptions options;

        @Mixin
        JsonOption json;

        @Option(names = "--force", description = "Also move a sound history aside (it keeps verify and restore-test "
                + "records, notifications and acceptances that the targets do not hold).")
        boolean force;

        @Override
        public Integer call() throws Exception {
            BackstopConfig config = ConfigLoader.load(options.config, Kinds.schema());
            EventLog log = new EventLog(history.parent.err, Clock.systemUTC());
            List<Target> targets = Kinds.targets(config);
            HistoryRebuild.Report report;
            try {
                report = new HistoryRebuild(new WorkflowContext(config, targets, Clock.systemUTC(), log, Progress.NONE,
                        new Cancellation())).execute(force);
            } finally {
                Targets.closeAll(targets, log);
            }
            if (json.requested()) {
                json.print(history.parent.out, report);
            } else {
                report.problems().forEach(p -> history.parent.out.println("PROBLEM " + p));
                report.acceptedAnyway().forEach(history.parent.out::println);
                history.parent.out.println(summary(report));
            }
            return report.exitCode();
        }

        static String summary(HistoryRebuild.Report r) {
            return "history rebuilt at " + r.history() + " from " + r.targets().size() + " target(s): "
                    + r.adopted().size() + " backup(s) re-read and adopted"
                    + (r.movedTo() == null ? "" : "; the old history is at " + r.movedTo())
                    + (r.problems().isEmpty() ? "" : "; " + r.problems().size() + " PROBLEM(S), see above");
        }
    }
}
