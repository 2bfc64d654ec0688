package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.Durations;
import dev.backstop.core.EventLog;
import dev.backstop.core.InterruptedRunException;
import dev.backstop.core.LockedException;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.VerificationRecord;
import dev.backstop.notify.RunNotice;
import dev.backstop.registry.Kinds;
import dev.backstop.run.Cancellation;
import dev.backstop.run.CheckNotifying;
import dev.backstop.run.RunLock;
import dev.backstop.source.DatabaseServer;
import dev.backstop.target.Target;
import dev.backstop.target.Targets;
import dev.backstop.verify.Finding;
import dev.backstop.verify.RestoreTest;
import dev.backstop.verify.RestoreTestReport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
            "6:the backup is missing, corrupt, or restores to something else than recorded",
            "130:interrupted by SIGINT (scratch space removed)",
            "143:interrupted by SIGTERM (scratch space removed)"})
final class RestoreTestCommand implements Callable<Integer>, JsonResult {

    @ParentCommand
    BackstopCommand parent;

    @Mixin
    CommonOptions options;

    @Option(names = "--target", paramLabel = "NAME", description = "The target to restore from (default: the first).")
    String only;

    @Option(names = "--backup", paramLabel = "ID", description = "The backup to test (default: the newest complete one).")
    String backup;

    @Override
    public Integer call() throws Exception {
        BackstopConfig config = ConfigLoader.load(options.config, Kinds.schema());
        EventLog log = new EventLog(parent.err, Clock.systemUTC());
        List<Target> targets = Kinds.targets(config);
        Path scratchRoot = config.stateDir().resolve("restore-test");
        RestoreTestReport report;
        Optional<VerificationRecord> previous;
        Instant started = Instant.now();
        Cancellation cancellation = new Cancellation();
        cancellation.bind(Thread.currentThread());
        TargetChoice.privateDir(config.stateDir());
        try (RunLock lock = lock(config.stateDir().resolve("restore-test.lock"));
             SignalTrap trap = SignalTrap.install(cancellation)) {
            Target target = TargetChoice.choose(targets, only, options.config).get(0);
            Map<String, DatabaseServer> servers = TargetChoice.servers(config, TargetChoice.privateDir(scratchRoot));
            RestoreTest test = new RestoreTest(config.host(), scratchRoot, name -> Optional.ofNullable(servers.get(name)),
                    servers.values(), Clock.systemUTC(), log, TerminalProgress.forConsole(parent.err));
            try {
                report = test.run(target, backup);
            } catch (InterruptedException e) {
                record(config, started, target.name(), "interrupted", null, List.of());
                throw cancellation.requested() ? cancellation.asException() : new InterruptedRunException("INT");
            }
            previous = previous(config);
            record(config, report.started(), report.target(), report.ok() ? "ok" : "failed", report, report.findings());
        } finally {
            Targets.closeAll(targets, log);
        }
        CheckNotifying.send(config, new CheckNotifying.Check(RunNotice.RESTORE_TEST, config.host(), report.backupId(),
                report.ok(), report.exitCode(), summary(report), report.started(), Instant.now(), report.bytes(),
                report.findings().stream().map(Finding::line).toList()), previous, log);
        if (options.json) {
            Printer.json(parent.out, report);
        } else {
            report.components().forEach(c -> parent.out.println("  " + c));
            report.findings().forEach(f -> parent.out.println(f.line()));
            parent.out.println(summary(report));
        }
        return report.exitCode();
    }

    private static RunLock lock(Path file) throws Exception {
        try {
            return RunLock.acquire(file);
        } catch (LockedException e) {
            throw new LockedException("another restore test holds the lock " + file + "; nothing was touched");
        }
    }

    private static Optional<VerificationRecord> previous(BackstopConfig config) {
        try (HistoryStore history = HistoryStore.open(config.historyFile())) {
            return history.recentVerifications(VerificationRecord.RESTORE_TEST, 1).stream().findFirst();
        }
    }

    private static void record(BackstopConfig config, Instant started, String target, String outcome,
                               RestoreTestReport r, List<Finding> findings) {
        TargetChoice.record(config, new VerificationRecord(VerificationRecord.RESTORE_TEST, started, Instant.now(), target,
                r == null ? null : r.backupId(), null, r == null ? 0 : 1, r == null ? 0 : r.components().size(),
                r == null ? 0 : r.bytes(), outcome, r == null ? null : r.restoreTime().toMillis(),
                TargetChoice.rows(findings)));
    }

    static String summary(RestoreTestReport r) {
        String what = "backup " + r.backupId() + " from " + r.target() + ": " + r.components().size() + " component(s), "
                + dev.backstop.core.ByteSize.human(r.bytes()) + " downloaded; restore time " + Durations.human(r.restoreTime())
                + (r.cleaned().isEmpty() ? "" : "; removed " + r.cleaned().size() + " leftover(s) of an earlier test");
        return (r.ok() ? "restore-test OK: " : "restore-test FAILED (" + r.findings().stream()
                .filter(f -> f.severity().failing()).count() + " problem(s)): ") + what;
    }

    @Override
    public boolean jsonRequested() {
        return options != null && options.json;
    }

    @Override
    public void printFailure(Exception ex, int exitCode) {
        Printer.jsonFailure(parent.out, ex, exitCode);
    }
}
