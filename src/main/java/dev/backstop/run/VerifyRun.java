package dev.backstop.run;

import dev.backstop.config.BackstopConfig;
import dev.backstop.core.ByteSize;
import dev.backstop.core.ConfigException;
import dev.backstop.core.InterruptedRunException;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.VerificationRecord;
import dev.backstop.notify.RunNotice;
import dev.backstop.target.Target;
import dev.backstop.verify.DataSelection;
import dev.backstop.verify.RecordedSets;
import dev.backstop.verify.Severity;
import dev.backstop.verify.Verifier;
import dev.backstop.verify.VerifyReport;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One {@code verify}, in order: choose the targets, check every backup set on them
 * ({@link Verifier}), record the result in history, notify. It takes no lock: it writes nothing
 * but its history row.
 */
public final class VerifyRun {

    private final WorkflowContext context;

    public VerifyRun(WorkflowContext context) {
        this.context = context;
    }

    /**
     * Verifies the backups on every target, or on the one named.
     *
     * @param choice    every target, or the one {@code --target} names
     * @param selection which components to re-hash
     * @return the report, also when it found problems: its exit code says so; recorded and notified
     * @throws ConfigException         no target has that name
     * @throws InterruptedRunException a signal stopped it; nothing was recorded or notified
     */
    public VerifyReport execute(TargetChoice choice, DataSelection selection)
            throws ConfigException, InterruptedRunException {
        BackstopConfig config = context.config();
        VerifyReport report;
        Optional<VerificationRecord> previous;
        try (HistoryStore history = HistoryStore.open(config.historyFile())) {
            List<Target> chosen = choice.from(context.targets());
            Verifier verifier = new Verifier(config.host(), recorded(history), context.clock(), context.log(),
                    context.progress());
            try {
                report = verifier.verify(chosen, selection);
            } catch (InterruptedException e) {
                throw context.cancellation().asException();
            }
            previous = CheckHistory.previous(history, VerificationRecord.VERIFY);
            history.recordVerification(row(report));
        }
        CheckNotifying.send(config, new CheckNotifying.Check(RunNotice.VERIFY, config.host(), null, report.ok(),
                report.exitCode(), summary(report), report.started(), report.finished(), report.bytesRead(),
                CheckHistory.lines(report.findings())), previous, context.log());
        return report;
    }

    /**
     * What history records about a target's sets, as {@link Verifier} asks for it. Read in the
     * order a set moves through history (its run running, committed, removed), so that a set that
     * moves meanwhile is still found in at least one of the three.
     */
    public static Function<String, RecordedSets> recorded(HistoryStore history) {
        return target -> {
            Set<String> running = history.runningIds();
            Set<String> kept = history.committedIds(target);
            return new RecordedSets(running, kept, history.removedIds(target));
        };
    }

    private static VerificationRecord row(VerifyReport r) {
        return new VerificationRecord(VerificationRecord.VERIFY, r.started(), r.finished(), String.join(",", r.targets()),
                null, r.readData(), r.setsChecked(), r.filesRead(), r.bytesRead(), CheckHistory.outcome(r.ok()), null,
                CheckHistory.rows(r.findings()));
    }

    /** The summary line: printed last by the command, and the text of the notification. */
    public static String summary(VerifyReport r) {
        String counts = r.setsChecked() + " backup set(s) on " + String.join(", ", r.targets()) + ", "
                + r.filesRead() + " file(s) re-hashed (" + ByteSize.human(r.bytesRead()) + ", read data: "
                + r.readData() + ")";
        if (r.findings().isEmpty()) {
            return "verify OK: " + counts;
        }
        String tally = r.count(Severity.CRITICAL) + " critical, " + r.count(Severity.ERROR) + " error(s), "
                + r.count(Severity.WARNING) + " warning(s)";
        return (r.ok() ? "verify OK with warnings: " : "verify FAILED: ") + tally + "; " + counts;
    }
}
