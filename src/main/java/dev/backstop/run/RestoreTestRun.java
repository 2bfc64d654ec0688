package dev.backstop.run;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.SourceConfig;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.registry.Kinds;
import dev.backstop.source.LogReplayer;
import dev.backstop.core.BackstopException;
import dev.backstop.core.ByteSize;
import dev.backstop.core.Durations;
import dev.backstop.core.LockedException;
import dev.backstop.core.PreflightException;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.VerificationRecord;
import dev.backstop.notify.RunNotice;
import dev.backstop.source.DatabaseServer;
import dev.backstop.source.RestoreEnvironmentException;
import dev.backstop.target.Target;
import dev.backstop.verify.RestoreTest;
import dev.backstop.verify.RestoreTestReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One {@code restore-test}, in order: take the restore-test lock, choose the target, restore a
 * backup into scratch space and compare it with its manifest ({@link RestoreTest}), record the
 * result in history, and notify once the lock is free again. A test stopped by a signal is
 * recorded as interrupted and notifies nobody; one that finds the lock held records and notifies
 * nothing.
 */
public final class RestoreTestRun {

    /** Keeps a second restore test away from the scratch space and scratch databases of the first. */
    static final String LOCK_FILE = "restore-test.lock";

    private final WorkflowContext context;

    public RestoreTestRun(WorkflowContext context) {
        this.context = context;
    }

    /**
     * Tests one backup from one target.
     *
     * @param choice   the target {@code --target} names, or the first
     * @param backupId the {@code --backup}, or null for the newest complete one
     * @return the report, also when the backup failed the test: its exit code says so; recorded and notified
     * @throws LockedException another restore test holds the lock; nothing was touched
     * @throws BackstopException no such target ({@code ConfigException}), the target cannot be listed
     *                           or holds no such backup ({@code TargetException}; nothing recorded), or
     *                           a signal stopped it ({@code InterruptedRunException}; recorded as interrupted)
     */
    public RestoreTestReport execute(TargetChoice choice, String backupId) throws BackstopException, IOException {
        BackstopConfig config = context.config();
        Path scratchRoot = config.stateDir().resolve("restore-test");
        Instant started = context.clock().instant();
        StateDirectory.privateDir(config.stateDir());
        RestoreTestReport report;
        Optional<VerificationRecord> previous;
        try (RunLock lock = lock(config.stateDir().resolve(LOCK_FILE))) {
            Target target = choice.first(context.targets());
            Map<String, DatabaseServer> servers = DatabaseServers.of(config, StateDirectory.privateDir(scratchRoot));
            try (DisposableServers disposable = new DisposableServers(config,
                    config.stateDir().resolve("restore-server"), context.log())) {
                // a source whose kind has a disposable server never sees the test: no connection, no scratch database
                servers.keySet().removeIf(name -> disposable.forSource(name).isPresent());
                List<String> leftovers = disposable.removeLeftovers();
                RestoreTest test = new RestoreTest(config.host(), scratchRoot, name -> disposable.forSource(name)
                        .or(() -> Optional.ofNullable(servers.get(name))), servers.values(), context.clock(),
                        context.log(), context.progress(), DecryptionKeys.of(config))
                        .withLogChains(replayers(config), disposable::forSource);
                report = test.run(target, backupId).withCleaned(leftovers);
            } catch (InterruptedException e) {
                recordInterrupted(started, target);
                throw context.cancellation().asException();
            } catch (RestoreEnvironmentException e) {
                // the environment failed, not the backup: recorded as not run, nothing against the backup
                recordNotRun(started, target, e.getMessage());
                throw new PreflightException("restore-test could not run: " + e.getMessage());
            }
            try (HistoryStore history = HistoryStore.open(config.historyFile())) {
                previous = CheckHistory.previous(history, VerificationRecord.RESTORE_TEST);
                history.recordVerification(row(report));
            }
        }
        CheckNotifying.send(config, new CheckNotifying.Check(RunNotice.RESTORE_TEST, config.host(), report.backupId(),
                report.ok(), report.exitCode(), summary(report), report.started(), context.clock().instant(),
                report.bytes(), CheckHistory.lines(report.findings())), previous, context.log());
        return report;
    }

    /** The log replayer of each source whose logs are archived, by name. */
    private static Function<String, Optional<LogReplayer>> replayers(BackstopConfig config) {
        ProcessRunner runner = new ProcessRunner();
        Map<String, LogReplayer> replayers = new HashMap<>();
        for (SourceConfig sc : config.sources()) {
            Kinds.source(sc.type()).flatMap(k -> k.logReplayer(sc, runner)).ifPresent(r -> replayers.put(sc.name(), r));
        }
        return name -> Optional.ofNullable(replayers.get(name));
    }

    private static RunLock lock(Path file) throws LockedException, IOException {
        try {
            return RunLock.acquire(file);
        } catch (LockedException e) {
            throw new LockedException("another restore test holds the lock " + file + "; nothing was touched");
        }
    }

    private void recordInterrupted(Instant started, Target target) {
        try (HistoryStore history = HistoryStore.open(context.config().historyFile())) {
            history.recordVerification(new VerificationRecord(VerificationRecord.RESTORE_TEST, started,
                    context.clock().instant(), target.name(), null, null, 0, 0, 0, CheckHistory.INTERRUPTED, null,
                    List.of()));
        }
    }

    private void recordNotRun(Instant started, Target target, String why) {
        try (HistoryStore history = HistoryStore.open(context.config().historyFile())) {
            history.recordVerification(new VerificationRecord(VerificationRecord.RESTORE_TEST, started,
                    context.clock().instant(), target.name(), null, null, 0, 0, 0, CheckHistory.NOT_RUN, null,
                    List.of(new VerificationRecord.FindingRow("WARNING", target.name(), null, null, why))));
        }
    }

    private VerificationRecord row(RestoreTestReport r) {
        return new VerificationRecord(VerificationRecord.RESTORE_TEST, r.started(), context.clock().instant(), r.target(),
                r.backupId(), null, 1, r.components().size(), r.bytes(), CheckHistory.outcome(r.ok()),
                r.restoreTime().toMillis(), CheckHistory.rows(r.findings()));
    }

    /** The summary line: printed last by the command, and the text of the notification. */
    public static String summary(RestoreTestReport r) {
        String what = "backup " + r.backupId() + " from " + r.target() + ": " + r.components().size() + " component(s), "
                + ByteSize.human(r.bytes()) + " downloaded; restore time " + Durations.human(r.restoreTime())
                + (r.cleaned().isEmpty() ? "" : "; removed " + r.cleaned().size() + " leftover(s) of an earlier test");
        return (r.ok() ? "restore-test OK: " : "restore-test FAILED (" + r.findings().stream()
                .filter(f -> f.severity().failing()).count() + " problem(s)): ") + what;
    }
}
