package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.ConfigException;
import dev.backstop.core.EventLog;
import dev.backstop.core.InterruptedRunException;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.VerificationRecord;
import dev.backstop.notify.RunNotice;
import dev.backstop.registry.Kinds;
import dev.backstop.run.Cancellation;
import dev.backstop.run.CheckNotifying;
import dev.backstop.target.Target;
import dev.backstop.target.Targets;
import dev.backstop.verify.DataSelection;
import dev.backstop.verify.Finding;
import dev.backstop.verify.Severity;
import dev.backstop.verify.Verifier;
import dev.backstop.verify.VerifyReport;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
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
            "6:a backup is missing, incomplete or corrupt, or a target could not be listed",
            "130:interrupted by SIGINT",
            "143:interrupted by SIGTERM"})
final class VerifyCommand implements Callable<Integer>, JsonResult {

    @ParentCommand
    BackstopCommand parent;

    @Mixin
    CommonOptions options;

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
        VerifyReport report;
        Optional<VerificationRecord> previous;
        Cancellation cancellation = new Cancellation();
        cancellation.bind(Thread.currentThread());
        try (SignalTrap trap = SignalTrap.install(cancellation);
             HistoryStore history = HistoryStore.open(config.historyFile())) {
            List<Target> chosen = TargetChoice.choose(targets, only, options.config);
            Verifier verifier = new Verifier(config.host(), history::committedIds, Clock.systemUTC(), log);
            try {
                report = verifier.verify(chosen, selection);
            } catch (InterruptedException e) {
                throw cancellation.requested() ? cancellation.asException() : new InterruptedRunException("INT");
            }
            previous = history.recentVerifications(VerificationRecord.VERIFY, 1).stream().findFirst();
            history.recordVerification(new VerificationRecord(VerificationRecord.VERIFY, report.started(),
                    report.finished(), String.join(",", report.targets()), null, report.readData(),
                    report.setsChecked(), report.filesRead(), report.bytesRead(), report.ok() ? "ok" : "failed", null,
                    TargetChoice.rows(report.findings())));
        } finally {
            Targets.closeAll(targets, log);
        }
        CheckNotifying.send(config, new CheckNotifying.Check(RunNotice.VERIFY, config.host(), null, report.ok(),
                report.exitCode(), summary(report), report.started(), report.finished(), report.bytesRead(),
                report.findings().stream().map(Finding::line).toList()), previous, log);
        if (options.json) {
            Printer.json(parent.out, report);
        } else {
            for (Finding f : report.findings()) {
                parent.out.println(f.line());
            }
            parent.out.println(summary(report));
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

    static String summary(VerifyReport r) {
        String counts = r.setsChecked() + " backup set(s) on " + String.join(", ", r.targets()) + ", "
                + r.filesRead() + " file(s) re-hashed (" + dev.backstop.core.ByteSize.human(r.bytesRead()) + ", read data: "
                + r.readData() + ")";
        if (r.findings().isEmpty()) {
            return "verify OK: " + counts;
        }
        String tally = r.count(Severity.CRITICAL) + " critical, " + r.count(Severity.ERROR) + " error(s), "
                + r.count(Severity.WARNING) + " warning(s)";
        return (r.ok() ? "verify OK with warnings: " : "verify FAILED: ") + tally + "; " + counts;
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
