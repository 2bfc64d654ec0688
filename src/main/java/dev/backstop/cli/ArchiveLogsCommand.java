package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.EventLog;
import dev.backstop.registry.Kinds;
import dev.backstop.run.Cancellation;
import dev.backstop.run.LogArchiveRun;
import dev.backstop.target.Target;
import dev.backstop.target.Targets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backstop archive-logs}: the binary-log archive, as a service or once. */
@Command(name = "archive-logs", mixinStandardHelpOptions = true,
        description = "Stream the binary logs of every source with log_archive and commit them to every target in "
                + "segments, cut at every rotation and at least every segment_max_age; reconnect and resume after a "
                + "server restart or a cut connection. Runs until stopped (the shipped systemd unit), or with --once "
                + "archives what the servers have written now and exits.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:--once: everything the servers had written is on every target",
            "2:usage or configuration error, or no source has log_archive",
            "3:another archive-logs holds its lock; nothing was touched",
            "5:--once: a server could not be streamed",
            "143:stopped by SIGTERM"})
final class ArchiveLogsCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCommand parent;

    @Mixin
    CommonOptions options;

    @Option(names = "--once", description = "Archive what the servers have written now, then exit.")
    boolean once;

    @Override
    public Integer call() throws Exception {
        EventLog log = new EventLog(parent.err, Clock.systemUTC());
        BackstopConfig config = ConfigLoader.load(options.config, Kinds.schema());
        List<Target> targets = Kinds.targets(config, log);
        try {
            LogArchiveRun archive = new LogArchiveRun(config, targets, Clock.systemUTC(), log);
            if (once) {
                archive.once();
                parent.out.println("archive-logs: every binary log written so far is on " + targets.size() + " target(s)");
                return 0;
            }
            Cancellation cancellation = new Cancellation();
            cancellation.bind(Thread.currentThread());
            try (SignalTrap trap = SignalTrap.install(cancellation)) {
                archive.forever();
            } catch (InterruptedException e) {
                // the way the service is stopped (systemctl stop): every source has stopped and
                // recorded why, so this ends with the signal's code, not as a crash
                throw cancellation.asException();
            }
            return 0;
        } finally {
            Targets.closeAll(targets, log);
        }
    }
}
